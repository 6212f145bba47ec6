package io.dropwise.sweep;

import io.dropwise.support.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Waiting on sweeps over HTTP, shared by the sweep tests. */
final class SweepScenarios {

    static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    private SweepScenarios() {}

    static String submit(Api api, String json) {
        Api.Response response = api.postJson("/sweeps", json);
        if (response.status() != 202) {
            throw new AssertionError("sweep refused: " + response);
        }
        return response.json().get("id").asString();
    }

    static JsonNode await(Api api, String id, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode sweep = api.get("/sweeps/" + id).json();
        while (!TERMINAL.contains(sweep.get("status").asString())) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("sweep " + id + " did not end within " + timeout + ": " + sweep);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            sweep = api.get("/sweeps/" + id).json();
        }
        return sweep;
    }

    /** The leaderboard as a table: rank, params, mean ± std, gap, state, per-fold scores. */
    static String table(JsonNode sweep) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "%-5s %-45s %-18s %-8s %-10s %s%n", "rank", "params", "mean ± std", "gap", "state", "folds"));
        int rank = 1;
        java.util.List<Integer> order = new java.util.ArrayList<>();
        sweep.get("leaderboard").forEach(i -> order.add(i.asInt()));
        sweep.get("trials").forEach(t -> {
            if (!order.contains(t.get("trial").asInt())) {
                order.add(t.get("trial").asInt());
            }
        });
        for (int i : order) {
            JsonNode t = sweep.get("trials").get(i);
            boolean ranked = rank <= sweep.get("leaderboard").size();
            StringBuilder folds = new StringBuilder();
            t.get("folds")
                    .forEach(f -> folds.append(
                                    f.get("score").isNull() || f.get("score").isMissingNode()
                                            ? "-"
                                            : String.format(
                                                    "%.4f", f.get("score").asDouble()))
                            .append(" "));
            out.append(String.format(
                    "%-5s %-45s %-18s %-8s %-10s %s%n",
                    ranked ? Integer.toString(rank) : "-",
                    t.get("params").toString(),
                    t.get("mean").isNull()
                            ? "-"
                            : t.get("std").isNull()
                                    ? String.format("%.4f", t.get("mean").asDouble())
                                    : String.format(
                                            "%.4f ± %.4f",
                                            t.get("mean").asDouble(),
                                            t.get("std").asDouble()),
                    t.get("gap").isNull()
                            ? "-"
                            : String.format("%.4f", t.get("gap").asDouble()),
                    t.get("state").asString(),
                    folds.toString().trim()));
            rank++;
        }
        return out.toString();
    }
}
