package io.dropwise.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.Api;
import io.dropwise.support.Browser;
import io.dropwise.support.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.WebElement;

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
    void sweepViewSaysSweepsAreNotAvailable() {
        expectedConsoleErrors = Pattern.compile("/sweeps/s-1 - Failed to load resource: .* 404");
        browser.open("/ui/sweeps/s-1");
        assertThat(browser.awaitVisible("#sweeps-unavailable").getText()).contains("not available");
        browser.screenshot("sweep");
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
