package io.dropwise.prediction;

import io.dropwise.web.ApiException;
import io.dropwise.web.ProblemHandler.FieldProblem;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;

/** The problems a prediction request can meet besides its instances ({@link InvalidInstancesException}). */
final class PredictionProblems {

    private PredictionProblems() {}

    /** 400 {@code validation}: a request parameter (MC samples or seed, outputs) out of range or of the wrong kind. */
    static ApiException invalidParameter(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "validation", "Invalid request", field + " " + message + ".")
                .with("errors", List.of(new FieldProblem(field, message)));
    }

    static ApiException busy(int free) {
        return new ApiException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "prediction-busy",
                        "Too many Monte-Carlo predictions",
                        "This instance is already computing and queueing as many Monte-Carlo dropout predictions as it "
                                + "takes (dropwise.prediction.max-concurrent-monte-carlo and max-queued-monte-carlo). Retry "
                                + "after the Retry-After seconds, or ask without mcDropout for a plain prediction.")
                .header("Retry-After", "1");
    }

    static ApiException timeout(Duration timeout) {
        return new ApiException(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "prediction-timeout",
                        "Prediction timed out",
                        "The Monte-Carlo dropout prediction did not finish within " + timeout.toMillis() + " ms "
                                + "(dropwise.prediction.timeout) and was stopped. Ask for fewer MC samples or instances, "
                                + "or retry later.")
                .header("Retry-After", "1");
    }

    /** Rendered for the record (metrics, logs): the client that would read it has gone. */
    static ApiException clientGone() {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "prediction-cancelled",
                "Prediction cancelled",
                "The client closed the connection, so the Monte-Carlo dropout prediction was stopped.");
    }
}
