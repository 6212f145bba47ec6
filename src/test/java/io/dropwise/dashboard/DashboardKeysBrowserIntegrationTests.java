package io.dropwise.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwise.support.Api;
import io.dropwise.support.Browser;
import io.dropwise.support.KeysOnApplicationTest;
import io.dropwise.support.SecuredIntegrationTest;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard with API keys on. The configuration is the one of {@code SecurityIntegrationTests}, word for word, so
 * that both share one Spring context: the shell page and its assets are public, every data call needs a key.
 */
@KeysOnApplicationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardKeysBrowserIntegrationTests {

    static final String BOOTSTRAP_KEY = SecuredIntegrationTest.BOOTSTRAP_KEY;

    /** Chromium logs the 401 and 403 answers the page asked for, shows and acts on; those are not page errors. */
    private static final Pattern EXPECTED = Pattern.compile("Failed to load resource: .* status of 40[13]");

    @LocalServerPort
    int port;

    private Browser browser;

    @AfterEach
    void noConsoleErrors() {
        if (browser != null) {
            assertThat(browser.consoleErrors(EXPECTED))
                    .as("browser console errors")
                    .isEmpty();
        }
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theShellPageAndItsAssetsArePublicTheDataIsNot() {
        Api api = new Api(port);
        for (String path : new String[] {
            "/",
            "/ui/jobs/job-123",
            "/ui/models/iris",
            "/ui/sweeps",
            "/ui/sweeps/sweep-123",
            "/dashboard/app.js",
            "/dashboard/style.css",
            "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js"
        }) {
            assertThat(api.get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(api.get("/ui/jobs/job-123").body()).contains("<main id=\"view\"");
        assertThat(api.get("/jobs").status()).isEqualTo(401);
        // only reading the page is public: any other method on its paths needs a key
        assertThat(api.send("POST", "/ui/jobs", "application/json", "{}", Map.of())
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aMissingKeyIsAskedFor() {
        Browser b = browser();
        b.open("/ui/jobs");
        b.script("sessionStorage.clear()");
        b.open("/ui/jobs");
        b.awaitVisible("#key-prompt");
        assertThat(b.find("#key-prompt").getText()).contains("needs an API key");
        assertThat(b.awaitVisible(".problem").getText()).contains("Missing or invalid API key");
        b.screenshot("key-prompt");
        // a key with every scope lets the page load its data, kept for the tab only
        b.find("#key-input").sendKeys(BOOTSTRAP_KEY);
        b.find("#key-form button").click();
        b.awaitVisible("#jobs-table");
        b.await("the jobs loaded", d -> b.find("#jobs-summary").getText().length() > 0);
        assertThat(b.findAll("#view .problem")).isEmpty();
        assertThat(b.find("#key-prompt").isDisplayed()).isFalse();
        assertThat(b.script("return sessionStorage.getItem('dropwise.apiKey')")).isEqualTo(BOOTSTRAP_KEY);
        assertThat(b.find("#forget-key").isDisplayed()).isTrue();
    }

    @Test
    void aPredictOnlyKeyIsToldItCannotSubmitAJob() {
        Browser.assumeAvailable();
        Api api = new Api(port);
        Api.Response created = api.send(
                "POST",
                "/api-keys",
                "application/json",
                "{\"name\": \"dashboard-predict\", \"scopes\": [\"predict\"]}",
                Map.of("Authorization", "Bearer " + BOOTSTRAP_KEY));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String predictKey = created.json().get("key").asString();

        Browser b = browser();
        b.open("/ui/jobs");
        b.script("sessionStorage.clear()");
        b.open("/ui/jobs");
        b.awaitVisible("#key-input").sendKeys(predictKey);
        b.find("#key-form button").click();
        assertThat(b.awaitVisible("#view .problem").getText()).contains("not allowed", "'train' scope");
        b.find("#submit-form button[type='submit']").click();
        String answer = b.awaitVisible("#submit-result .problem").getText();
        assertThat(answer)
                .contains(
                        "Your API key is not allowed to do this",
                        "Insufficient scope",
                        "lacks the 'train' scope needed for POST /jobs");
        b.scrollTo("#submit-result");
        b.screenshot("key-scope");
    }

    @Test
    void theSweepsViewAsksForAKeyAndThenLoads() {
        Browser b = browser();
        b.open("/ui/sweeps");
        b.script("sessionStorage.clear()");
        b.open("/ui/sweeps");
        b.awaitVisible("#key-prompt");
        b.find("#key-input").sendKeys(BOOTSTRAP_KEY);
        b.find("#key-form button").click();
        b.await("the sweeps loaded", d -> b.find("#sweeps-summary").getText().length() > 0);
        assertThat(b.findAll("#view .problem")).isEmpty();
        assertThat(b.find("#sweeps-table")).isNotNull();
    }

    private Browser browser() {
        if (browser == null) {
            browser = Browser.start(port, 1280, 800);
        }
        return browser;
    }
}
