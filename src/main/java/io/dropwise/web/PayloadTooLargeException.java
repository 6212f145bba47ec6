package io.dropwise.web;

import org.springframework.http.HttpStatus;

/**
 * 413: a request body is larger than the limit named by {@code setting}. Unchecked on purpose: thrown from inside a
 * body stream's {@code read}, it passes through parsers (CSV, Jackson) and reaches {@link ProblemHandler}, which
 * renders it like any {@link ApiException}.
 */
public class PayloadTooLargeException extends ApiException {

    public PayloadTooLargeException(long maxBytes, String setting) {
        super(
                HttpStatus.PAYLOAD_TOO_LARGE,
                "payload-too-large",
                "Payload too large",
                "The request body is larger than " + maxBytes + " bytes (" + setting + "). Send less.");
        with("maxBytes", maxBytes);
    }
}
