package io.dropwise.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dropwise.support.Api;
import io.dropwise.support.Browser;
import io.dropwise.support.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real headless Chromium against the shared test application (API keys off): every view is
 * opened as a user would, a screenshot of each is saved under {@code target/screenshots/}, and no page may log a
 * console error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserIntegrationTests extends IntegrationTest {

    /** A job that trains until cancelled (digits, a wide network): its progress and curves keep moving. Each test
     * that needs one starts its own, cancelled after the test so that it does not slow the others down. */
    private static final String SLOW_JOB = """
            {"name": "ui-slow-%s", "datasetId": "digits",
             "model": {"hiddenLayers": [{"units": 256}, {"units": 256}]},
             "training": {"epochs": 10000, "batchSize": 16, "earlyStopping": {"patience": 0}}}""";

    /** 2 trials (hidden dropout 0 and 0.5) x 2 folds on iris, a few epochs each: seconds. */
    private static final String TINY_SWEEP = """
            {"name": "%s",
             "base": {"datasetId": "iris",
                      "model": {"inputDropout": 0, "hiddenLayers": [{"units": 16, "dropout": 0.5}]},
                      "training": {"epochs": %d, "batchSize": 16, "earlyStopping": {"patience": 0},
                                   "optimizer": {"type": "adam", "learningRate": 0.02}, "seed": 3}},
             "search": {"grid": {"model.hiddenLayers[*].dropout": [0, 0.5]}},
             "validation": {"folds": 2, "seed": 1},
             "objective": "validationAccuracy",
             "maxConcurrentTrials": 2,
             "refit": %s}""";

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private Api client;
    private Browser browser;
    private String slowJob;
    private Pattern expectedConsoleErrors;

    @BeforeAll
    void startBrowser() {
        Browser.assumeAvailable();
        client = new Api(port);
        browser = Browser.start(port, 1280, 800);
    }

    @AfterEach
    void noConsoleErrors() {
        if (slowJob != null) {
            client.post("/jobs/" + slowJob + "/cancel");
            slowJob = null;
        }
        List<String> errors = browser.consoleErrors(expectedConsoleErrors);
        expectedConsoleErrors = null;
        assertThat(errors).as("browser console errors").isEmpty();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void jobsPageListsARunningJobAndItsProgressGrows() {
        String id = slowJob();
        browser.open("/");
        String row = "tr[data-id='" + id + "']";
        browser.await(
                "the running job listed",
                d -> browser.find(row + " .status").getText().equals("RUNNING"));
        double first = fraction(row);
        browser.await("its progress bar grows", d -> fraction(row) > first);
        assertThat(browser.find(row + " .progress-text").getText()).matches("\\d+ / 10000 epochs");
        browser.screenshot("jobs");
    }

    @Test
    void jobPageChartGainsPointsWhileTheJobTrains() {
        String id = slowJob();
        browser.open("/ui/jobs/" + id);
        int first = browser.await("a first point", d -> points() > 0 ? points() : null);
        browser.script("window.lossFigure = document.querySelector('figure.chart')");
        browser.await("more points over the event stream", d -> points() > first);
        // the charts took the new points in place: the same figure element, not a re-rendered page
        assertThat(browser.script("return window.lossFigure === document.querySelector('figure.chart')"
                        + " && window.lossFigure.isConnected"))
                .isEqualTo(true);
        assertThat(browser.find("#job-status").getText()).isEqualTo("RUNNING");
        assertThat(browser.findAll("figure.chart")).hasSize(2);
        browser.screenshot("job-running");
    }

    @Test
    void compareViewDrawsTwoJobsOnOneChart() {
        String dropout = finishedIrisJob("ui-dropout-" + run, 0.5, 30);
        String none = finishedIrisJob("ui-nodropout-" + run, 0.0, 30);
        browser.open("/ui/compare?jobs=" + dropout + "," + none);
        browser.await(
                "both jobs drawn", d -> "30".equals(browser.find("figure.chart").getDomAttribute("data-points")));
        WebElement loss = browser.find("figure.chart");
        assertThat(loss.getDomAttribute("data-series")).isEqualTo("4");
        assertThat(loss.getText()).contains("ui-dropout-" + run + " validation", "ui-nodropout-" + run + " validation");
        assertThat(browser.findAll("#compare-table tbody tr")).hasSize(2);
        // the two jobs are drawn in different colours, each the one it has in every view
        List<String> colours = browser.findAll("#compare-table .swatch").stream()
                .map(e -> e.getCssValue("background-color"))
                .toList();
        assertThat(colours).doesNotHaveDuplicates();
        browser.screenshot("compare");
    }

    @Test
    void predictFormReturnsALabelAndTheMonteCarloSpread() {
        String name = "ui-model-" + run;
        finishedIrisJob(name, 0.5, 20);
        browser.open("/ui/models/" + name);
        browser.awaitVisible("#predict-form");
        WebElement petalLength = browser.find("input[name='petal_length_cm']");
        petalLength.clear();
        petalLength.sendKeys("1.4");
        browser.find("#mc-on").click();
        browser.find("#predict-form button[type='submit']").click();
        String label = browser.awaitVisible("#predicted-label").getText();
        assertThat(label).isIn("setosa", "versicolor", "virginica");
        assertThat(browser.findAll("#probabilities tbody tr")).hasSize(3);
        assertThat(browser.find("#probabilities").getText()).contains("±", "%");
        assertThat(browser.findAll("#versions-table tbody tr")).hasSize(1);
        browser.scrollTo("#predict-result");
        browser.screenshot("model");
    }

    @Test
    void datasetsAreListedUploadedAndDescribed() throws Exception {
        browser.open("/ui/datasets");
        browser.await(
                "iris listed", d -> browser.find("#datasets-table").getText().contains("iris"));
        browser.screenshot("datasets");
        Path csv = Files.createTempFile("fruit", ".csv");
        Files.writeString(
                csv,
                "weight_g,color,fruit\n182,red,apple\n151,green,apple\n131,orange,orange\n"
                        + "160,orange,orange\n98,yellow,lemon\n110,yellow,lemon\n");
        browser.find("#upload-file").sendKeys(csv.toString());
        browser.find("#upload-name").sendKeys("ui-fruit-" + run);
        browser.find("#upload-form button[type='submit']").click();
        browser.await("the new dataset described", d -> d.getCurrentUrl().contains("/ui/datasets/ds-"));
        browser.awaitVisible("#features-table");
        assertThat(browser.findAll("#features-table tbody tr")).hasSize(2);
        assertThat(browser.find("#classes-table").getText()).contains("apple", "orange", "lemon");
        browser.screenshot("dataset");
        Files.delete(csv);
    }

    @Test
    void sweepPageShowsTheLeaderboardTheBestTrialItsModelAndTheCurves() {
        String name = "ui-sweep-" + run;
        Api.Response submitted = client.postJson("/sweeps", TINY_SWEEP.formatted(name, 3, true));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().get("id").asString();
        browser.open("/ui/sweeps/" + id);
        // opened while it runs: the page follows it to its end, the refit model included
        browser.await(
                "the sweep's end, on the page",
                d -> browser.find("#sweep-status").getText().equals("SUCCEEDED")
                        && !browser.findAll("#sweep-model").isEmpty());
        JsonNode sweep = client.get("/sweeps/" + id).json();
        assertThat(sweep.get("leaderboard")).hasSize(2);

        // the rows in the leaderboard's order, each with its params, mean ± std and per-fold scores linked to the job
        List<WebElement> rows = browser.findAll("#leaderboard tbody tr");
        assertThat(rows.stream().map(r -> r.getDomAttribute("data-trial")).toList())
                .containsExactlyElementsOf(sweep.get("leaderboard")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList());
        for (int rank = 0; rank < rows.size(); rank++) {
            WebElement row = rows.get(rank);
            JsonNode trial =
                    sweep.get("trials").get(sweep.get("leaderboard").get(rank).asInt());
            assertThat(row.findElement(By.cssSelector("td")).getText()).startsWith(Integer.toString(rank + 1));
            assertThat(row.getText())
                    .contains("model.hiddenLayers[*].dropout = "
                            + trial.get("params").get("model.hiddenLayers[*].dropout"));
            assertPercents(row.findElement(By.cssSelector(".score")).getText(), trial.get("mean"), trial.get("std"));
            List<WebElement> folds = row.findElements(By.cssSelector("a.fold"));
            assertThat(folds).hasSize(2);
            for (int f = 0; f < 2; f++) {
                JsonNode fold = trial.get("folds").get(f);
                assertThat(folds.get(f).getDomAttribute("href"))
                        .isEqualTo("/ui/jobs/" + fold.get("jobId").asString());
                assertPercents(folds.get(f).getText().replaceFirst("^fold \\d+: ", ""), fold.get("score"), null);
            }
            assertThat(row.getText()).contains("SUCCEEDED");
        }
        // the best trial marked (only it), the same in the summary
        int best = sweep.at("/best/trial").asInt();
        assertThat(browser.findAll("#leaderboard tr.best")).hasSize(1);
        assertThat(browser.find("#leaderboard tr.best").getDomAttribute("data-trial"))
                .isEqualTo(Integer.toString(best));
        assertThat(browser.find("#leaderboard tr.best").getText()).contains("best");
        assertThat(browser.find("#sweep-best").getText()).startsWith("trial " + best);
        assertThat(browser.find("#sweep-progress").getText()).startsWith("2 / 2 trials");

        // the curves: one line per trial, each with its epochs
        WebElement curves = browser.find("#trial-curves");
        browser.await("both trials drawn", d -> "2".equals(curves.getDomAttribute("data-trials")));
        assertThat(curves.getDomAttribute("data-series")).isEqualTo("2");
        assertThat(Integer.parseInt(curves.getDomAttribute("data-points"))).isBetween(1, 3);
        assertThat(curves.getText()).contains("trial 0", "trial 1");
        browser.screenshot("sweep");
        browser.resize(390, 844);
        browser.screenshot("sweep-phone");
        browser.scrollTo("#trial-curves");
        browser.screenshot("sweep-phone-curves");
        browser.resize(1280, 800);

        // the refit model's page, through its link
        browser.find("#sweep-model").click();
        browser.await("the model page", d -> d.getCurrentUrl().contains("/ui/models/" + name));
        assertThat(browser.awaitVisible("#versions-table").getText()).contains("best");
    }

    @Test
    void aPrunedTrialIsShownApartAndItsCurveStopsEarly() {
        // trial 1's learning rate diverges: median pruning stops it once trial 0 has succeeded. How far its curve got
        // depends on the machine (a fold may finish before the coordinator, which looks every 500 ms, prunes the
        // trial), so only that it is drawn is checked; SweepApiIntegrationTests checks that pruning stops jobs early
        Api.Response submitted = client.postJson("/sweeps", """
                {"name": "ui-sweep-pruned-%s",
                 "base": {"datasetId": "iris",
                          "model": {"inputDropout": 0, "hiddenLayers": [{"units": 8, "dropout": 0}]},
                          "training": {"epochs": 3000, "earlyStopping": {"patience": 0}, "checkpointEveryEpochs": 1000,
                                       "optimizer": {"type": "sgd", "learningRate": 0.05}, "seed": 5}},
                 "search": {"grid": {"training.optimizer.learningRate": [0.05, 10]}},
                 "validation": {"folds": 2, "seed": 1},
                 "pruning": {"type": "median", "afterEpochs": 3},
                 "refit": false, "maxConcurrentTrials": 1}""".formatted(run));
        String id = openUntilSucceeded(submitted);
        WebElement pruned = browser.find("#leaderboard tr[data-trial='1']");
        assertThat(pruned.getDomAttribute("class")).contains("trial-pruned");
        assertThat(pruned.findElement(By.cssSelector(".state-pruned")).getText())
                .isEqualTo("PRUNED");
        assertThat(pruned.findElement(By.cssSelector("td")).getText()).isEqualTo("–");
        assertThat(browser.findAll("#leaderboard tbody tr").get(0).getDomAttribute("data-trial"))
                .isEqualTo("0");
        // looked up on every try: the chart is built anew once trial 1 shows as pruned (its line turns dashed), which
        // may happen after the status reads SUCCEEDED, and an element found before that would be stale for good
        browser.await(
                "both trials drawn",
                d -> "2".equals(browser.find("#trial-curves").getDomAttribute("data-trials")));
        browser.screenshot("sweep-pruned");
    }

    /** A holdout gives a trial one score: the page shows it without a spread ("± 0" would claim a certainty). */
    @Test
    void aHoldoutSweepShowsOneScorePerTrial() {
        Api.Response submitted = client.postJson("/sweeps", """
                {"name": "ui-sweep-holdout-%s",
                 "base": {"datasetId": "diabetes",
                          "model": {"hiddenLayers": [{"units": 16}]},
                          "training": {"epochs": 5, "optimizer": {"type": "adam", "learningRate": 0.01}, "seed": 3}},
                 "search": {"grid": {"model.hiddenLayers[*].dropout": [0, 0.3]}},
                 "validation": {"holdout": 0.25, "seed": 2},
                 "refit": false, "maxConcurrentTrials": 2}""".formatted(run));
        String id = openUntilSucceeded(submitted);
        assertThat(browser.findAll("#leaderboard thead th").get(3).getText()).isEqualTo("Score");
        assertThat(browser.find("#board-note").getText()).contains("held-out rows");
        JsonNode sweep = client.get("/sweeps/" + id).json();
        for (WebElement row : browser.findAll("#leaderboard tbody tr")) {
            JsonNode trial = sweep.get("trials").get(Integer.parseInt(row.getDomAttribute("data-trial")));
            String score = row.findElement(By.cssSelector(".score")).getText();
            assertThat(score).doesNotContain("±");
            double mean = trial.get("mean").asDouble(); // shown with 3 or 4 significant digits
            assertThat(Double.parseDouble(score)).isCloseTo(mean, within(Math.abs(mean) * 0.01));
        }
        assertThat(browser.find("#sweep-best").getText()).doesNotContain("±");
    }

    /** Opens the page of the sweep the response accepted and waits until it shows the sweep SUCCEEDED. */
    private String openUntilSucceeded(Api.Response submitted) {
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().get("id").asString();
        browser.open("/ui/sweeps/" + id);
        browser.await(
                "the sweep's end, on the page",
                d -> browser.find("#sweep-status").getText().equals("SUCCEEDED"));
        return id;
    }

    @Test
    void sweepsAreListedAndSubmittedThroughTheForm() {
        browser.open("/ui/jobs");
        browser.find("a[data-nav='sweeps']").click();
        browser.awaitVisible("#sweep-form");
        browser.await(
                "the list loaded",
                d -> !browser.find("#sweeps-summary").getText().isEmpty());
        browser.script(
                "document.getElementById('sweep-spec').value = arguments[0]",
                TINY_SWEEP.formatted("ui-sweep-form-" + run, 2, false));
        browser.find("#sweep-form button[type='submit']").click();
        String link = browser.awaitVisible("#sweep-submit-result a").getDomAttribute("href");
        String id = link.substring(link.lastIndexOf('/') + 1);
        String row = "#sweeps-table tr[data-id='" + id + "']";
        // the row is drawn anew while the sweep moves on: every check inside the wait
        browser.await("the sweep listed, then done, with its best trial and score", d -> {
            String text = browser.find(row).getText();
            return text.contains("SUCCEEDED")
                    && text.contains("2 / 2 trials")
                    && text.contains("model.hiddenLayers[*].dropout")
                    && text.matches("(?s).*trial [01].*\\d %.*");
        });
        browser.script("window.scrollTo(0, 0)");
        browser.screenshot("sweeps");
        browser.find(row + " a").click();
        browser.awaitVisible("#leaderboard");
        assertThat(browser.findAll("#leaderboard tbody tr")).hasSize(2);
        assertThat(browser.find("[data-nav='sweeps']").getDomAttribute("aria-current"))
                .isEqualTo("page");
    }

    @Test
    void aModelWhoseEveryVersionWasDeletedSaysSo() {
        String name = "ui-empty-" + run;
        finishedIrisJob(name, 0.5, 2);
        assertThat(client.delete("/models/" + name + "/versions/1").status()).isEqualTo(204);
        browser.open("/ui/models/" + name);
        browser.await("no versions said", d -> browser.find("#view").getText().contains("every version was deleted"));
        assertThat(browser.findAll("#predict-form")).isEmpty();
    }

    @Test
    void unknownViewSaysSoAndLinksBack() {
        browser.open("/ui/nothing-here");
        assertThat(browser.awaitVisible("#view h1").getText()).isEqualTo("Not found");
    }

    /** Prints the bytes and the time a first visit to a finished 200-epoch job's page takes (cold cache). */
    @Test
    void firstLoadOfA200EpochJob() {
        String id = finishedIrisJob("ui-200-" + run, 0.5, 200);
        try (Browser cold = Browser.start(port, 1280, 800)) {
            cold.open("/ui/jobs/" + id);
            cold.await(
                    "200 points drawn",
                    d -> "200".equals(cold.find("figure.chart").getDomAttribute("data-points")));
            @SuppressWarnings("unchecked")
            Map<String, Object> load = (Map<String, Object>) cold.script("""
                    const entries = [...performance.getEntriesByType('navigation'),
                                     ...performance.getEntriesByType('resource')];
                    const drawn = performance.getEntriesByName('dropwise:chart-drawn')[0];
                    return {requests: entries.length,
                            bytes: entries.reduce((s, e) => s + e.transferSize, 0),
                            decoded: entries.reduce((s, e) => s + e.decodedBodySize, 0),
                            metrics: entries.filter(e => e.name.endsWith('/metrics'))
                                            .reduce((s, e) => s + e.transferSize, 0),
                            drawnMillis: drawn ? Math.round(drawn.startTime) : -1};""");
            System.out.printf(
                    "Dashboard first load of a 200-epoch job page (cold cache): %s requests, %.1f KB"
                            + " transferred (%.1f KB decoded; the metrics JSON %.1f KB), chart drawn %s ms after"
                            + " navigation start%n",
                    load.get("requests"),
                    kb(load.get("bytes")),
                    kb(load.get("decoded")),
                    kb(load.get("metrics")),
                    load.get("drawnMillis"));
            assertThat(((Number) load.get("drawnMillis")).longValue()).isPositive();
            assertThat(cold.find("aside").getText()).contains("Best epoch", "Validation accuracy", " %");
            cold.screenshot("job");
            cold.resize(390, 844);
            cold.screenshot("job-phone");
            assertThat(cold.consoleErrors(null)).isEmpty();
        }
    }

    private String slowJob() {
        if (slowJob == null) {
            Api.Response submitted = client.postJson("/jobs", SLOW_JOB.formatted(run));
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
            slowJob = submitted.json().get("id").asString();
            client.awaitJob(slowJob, Duration.ofSeconds(120), "RUNNING");
        }
        return slowJob;
    }

    private String finishedIrisJob(String name, double dropout, int epochs) {
        Api.Response submitted = client.postJson("/jobs", """
                {"name": "%s", "datasetId": "iris",
                 "model": {"inputDropout": 0, "hiddenLayers": [{"units": 32, "dropout": %s}]},
                 "training": {"epochs": %d, "batchSize": 16, "earlyStopping": {"patience": 0}}}""".formatted(name, dropout, epochs));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        String id = submitted.json().get("id").asString();
        client.awaitJob(id, Duration.ofSeconds(120), "SUCCEEDED");
        return id;
    }

    /** The page's "93.3 % ± 2.1" against the API's fractions, to the shown precision. */
    private static void assertPercents(String text, JsonNode mean, JsonNode std) {
        Matcher m = Pattern.compile("([\\d.]+) %(?: ± ([\\d.]+))?").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        assertThat(Double.parseDouble(m.group(1))).as(text).isCloseTo(mean.asDouble() * 100, within(0.051));
        if (std != null) {
            assertThat(Double.parseDouble(m.group(2))).as(text).isCloseTo(std.asDouble() * 100, within(0.051));
        }
    }

    private static double kb(Object bytes) {
        return ((Number) bytes).doubleValue() / 1024;
    }

    private double fraction(String row) {
        return Double.parseDouble(browser.find(row + " progress").getDomAttribute("data-fraction"));
    }

    private int points() {
        return Integer.parseInt(browser.find("figure.chart").getDomAttribute("data-points"));
    }
}
