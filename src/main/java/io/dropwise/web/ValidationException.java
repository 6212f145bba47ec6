package io.dropwise.web;

import io.dropwise.web.ProblemHandler.FieldProblem;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;

/**
 * The one way to refuse a request for invalid fields: 400, type {@code validation}, {@code errors[]} naming each
 * field and what to change, and a {@code detail} that lists them all.
 */
public class ValidationException extends ApiException {

    public ValidationException(List<FieldProblem> errors) {
        super(
                HttpStatus.BAD_REQUEST,
                "validation",
                "Invalid request",
                errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        with("errors", List.copyOf(errors));
    }

    /** One invalid field. */
    public static ValidationException of(String field, String message) {
        return new ValidationException(List.of(new FieldProblem(field, message)));
    }

    /** Throws when {@code errors} holds any problem; for checks that collect them first. */
    public static void throwIfAny(List<FieldProblem> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
    }
}
