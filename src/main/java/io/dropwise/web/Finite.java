package io.dropwise.web;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@code double}/{@code float} (or boxed) request value must be finite. JSON has no NaN or Infinity tokens (Jackson
 * rejects them), but {@code 1e309} parses to Infinity and the string {@code "NaN"} is coerced to NaN; both fail
 * here with a 400 naming the field. {@code null} is valid (combine with {@code @NotNull} if needed).
 */
@Documented
@Constraint(validatedBy = Finite.Validator.class)
@Target({
    ElementType.METHOD,
    ElementType.FIELD,
    ElementType.ANNOTATION_TYPE,
    ElementType.CONSTRUCTOR,
    ElementType.PARAMETER,
    ElementType.TYPE_USE
})
@Retention(RetentionPolicy.RUNTIME)
public @interface Finite {

    String message() default "must be a finite number";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Accepts null and every finite number. */
    class Validator implements ConstraintValidator<Finite, Number> {

        @Override
        public boolean isValid(Number value, ConstraintValidatorContext context) {
            return value == null || Double.isFinite(value.doubleValue());
        }
    }
}
