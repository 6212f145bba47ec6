package io.dropwise.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.Routes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs every request of the {@code http-requests/} files top to bottom, as a user does in IntelliJ or VS Code with the
 * {@code local} environment: the files in the order their headers give (a dataset, then jobs, whose model {@code iris}
 * the prediction, model and batch files use), the variables their response handlers set
 * ({@code client.global.set("x", response.body.id)}), the bodies {@code >> file} saves and {@code < ./file} sends,
 * and, between files, a wait for the jobs they started (as a user waits before the next file). No request may get a
 * server error, and every status a handler asserts ({@code response.status === 202}) must come, except where a webhook
 * names the placeholder receiver {@code hooks.example.com}, which does not resolve (the requests that read its
 * deliveries are then skipped, as are those that need a key {@code POST /api-keys} makes: security is off). On an
 * application of its own (its own in-memory database), so the files' names ({@code iris}, {@code fruit}) meet no
 * other test's data. It found {@code POST /sweeps} with a holdout answering 500.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:dropwise-http-requests;DB_CLOSE_DELAY=-1",
            "dropwise.training.checkpoint-interval=0"
        })
class HttpRequestsIntegrationTests {

    private static final List<String> FILES = List.of(
            "datasets.http", "jobs.http", "predict.http", "models.http", "sweeps.http", "batch.http", "api-keys.http");
    private static final Pattern REQUEST = Pattern.compile("^(GET|POST|PUT|PATCH|DELETE) (\\S+)$");
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{(\\w+)}}");
    private static final Pattern SET =
            Pattern.compile("client\\.global\\.set\\(\"(\\w+)\",\\s*response\\.body\\.(\\w+)\\)");
    private static final Pattern STATUS = Pattern.compile("response\\.status === (\\d+)");
    private static final Duration JOBS = Duration.ofSeconds(180);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> variables = new HashMap<>();
    private final Map<String, byte[]> saved = new HashMap<>();

    /** One request of a file: its first comment line, request line, headers, body and response handler. */
    record Request(
            String file,
            String title,
            String method,
            String url,
            Map<String, String> headers,
            String body,
            String handler,
            String saveAs) {}

    @Test
    void everyExampleRequestRunsWithoutAServerErrorAndAnswersAsItsFileExpects() throws Exception {
        JsonNode environments =
                JsonMapper.shared().readTree(Files.readString(Routes.HTTP_REQUESTS.resolve("http-client.env.json")));
        environments
                .get("local")
                .properties()
                .forEach(e -> variables.put(e.getKey(), e.getValue().asString()));
        variables.put("baseUrl", "http://127.0.0.1:" + port);
        try (var files = Files.list(Routes.HTTP_REQUESTS)) {
            assertThat(files.filter(p -> p.toString().endsWith(".http")).count())
                    .as("every .http file is run here")
                    .isEqualTo(FILES.size());
        }

        List<String> problems = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int sent = 0;
        for (String file : FILES) {
            for (Request request : parse(file, Files.readString(Routes.HTTP_REQUESTS.resolve(file)))) {
                String url = substitute(request.url());
                if (url.contains("{{")) {
                    System.out.println("skipped (a variable is unset): " + request.method() + " " + url);
                    skipped.add(request.url());
                    continue; // a variable only a refused request would have set
                }
                HttpResponse<byte[]> response = send(request, url);
                sent++;
                System.out.println(response.statusCode() + " " + request.method() + " " + url);
                String where = file + " '" + request.title() + "': " + request.method() + " " + url + " -> "
                        + response.statusCode() + " " + new String(response.body(), StandardCharsets.UTF_8);
                if (response.statusCode() >= 500) {
                    problems.add("server error: " + where);
                }
                Matcher expected = STATUS.matcher(request.handler());
                boolean placeholder = (request.url() + request.body()).contains("hooks.example.com");
                if (expected.find() && Integer.parseInt(expected.group(1)) != response.statusCode() && !placeholder) {
                    problems.add("expected " + expected.group(1) + ": " + where);
                }
                remember(request, response);
            }
            awaitJobs();
        }
        assertThat(problems).isEmpty();
        assertThat(sent).as("requests sent").isGreaterThan(70);
        // only what a refused placeholder webhook, or security being off (no API keys), leaves unset
        assertThat(skipped).allMatch(url -> url.matches(".*\\{\\{(notified\\w+Id|createdKeyId)}}.*"), "placeholder");
    }

    private HttpResponse<byte[]> send(Request request, String url) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
        request.headers().forEach((k, v) -> builder.header(k, substitute(v)));
        byte[] body = body(request);
        builder.method(
                request.method(),
                body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private byte[] body(Request request) {
        String body = request.body().strip();
        if (body.startsWith("< ./")) {
            return saved.getOrDefault(body.substring(4).strip(), new byte[0]);
        }
        String text = substitute(body);
        if (request.headers().getOrDefault("Content-Type", "").startsWith("multipart/")) {
            text = text.replace("\n", "\r\n") + "\r\n";
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private void remember(Request request, HttpResponse<byte[]> response) {
        if (request.saveAs() != null) {
            saved.put(request.saveAs(), response.body());
        }
        Matcher set = SET.matcher(request.handler());
        while (set.find()) {
            try {
                JsonNode value = JsonMapper.shared().readTree(response.body()).path(set.group(2));
                if (!value.isMissingNode() && !value.isNull()) {
                    variables.put(set.group(1), value.asString());
                }
            } catch (RuntimeException notJson) {
                // the request failed; the variable stays unset and the requests that use it are skipped
            }
        }
    }

    private String substitute(String text) {
        return VARIABLE.matcher(text)
                .replaceAll(m -> Matcher.quoteReplacement(variables.getOrDefault(m.group(1), m.group())));
    }

    /** Waits for the jobs a file started (a long one it cancels itself); fails if they outlast {@link #JOBS}. */
    private void awaitJobs() throws InterruptedException {
        long deadline = System.nanoTime() + JOBS.toNanos();
        while (jdbc.queryForObject(
                        "select count(*) from training_job where status in ('QUEUED', 'RUNNING')", Long.class)
                > 0) {
            assertThat(System.nanoTime())
                    .as("the files' jobs end within " + JOBS)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    static List<Request> parse(String file, String text) {
        List<Request> requests = new ArrayList<>();
        String title = "";
        for (String block : text.split("(?m)^(?=###)")) {
            List<String> lines = block.lines().toList();
            int i = 0;
            while (i < lines.size() && !REQUEST.matcher(lines.get(i)).matches()) {
                if (lines.get(i).startsWith("###")) {
                    title = lines.get(i).substring(3).strip(); // the comment line nearest the request
                }
                i++;
            }
            if (i == lines.size()) {
                continue;
            }
            Matcher line = REQUEST.matcher(lines.get(i++));
            line.matches();
            Map<String, String> headers = new HashMap<>();
            for (; i < lines.size() && !lines.get(i).isBlank(); i++) {
                String[] header = lines.get(i).split(":", 2);
                headers.put(header[0].strip(), header[1].strip());
            }
            StringBuilder body = new StringBuilder();
            StringBuilder handler = new StringBuilder();
            String saveAs = null;
            boolean inHandler = false;
            for (; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.startsWith(">> ")) {
                    saveAs = l.substring(3).strip();
                } else if (l.startsWith("> {%") || inHandler) {
                    inHandler = !l.strip().endsWith("%}");
                    handler.append(l).append('\n');
                } else {
                    body.append(l).append('\n');
                }
            }
            requests.add(new Request(
                    file, title, line.group(1), line.group(2), headers, body.toString(), handler.toString(), saveAs));
        }
        return requests;
    }
}
