package io.dropwise.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A job's {@code training.blasThreads}: {@code "auto"} (the default: every core no other job of the instance uses,
 * re-balanced as jobs start and end) or a whole number, the most threads the job's products use. Stored specs
 * written before {@code "auto"} existed hold a number and read as that cap.
 *
 * @param auto true for {@code "auto"}
 * @param threads the cap when not auto (checked by {@link JobSpecs}: 1 to 64); 0 when auto
 */
public record BlasThreads(boolean auto, int threads) {

    public static final BlasThreads AUTO = new BlasThreads(true, 0);

    /** A cap of {@code threads}. */
    public static BlasThreads of(int threads) {
        return new BlasThreads(false, threads);
    }

    /** From the property {@code dropwise.training.blas-threads}: 0 is auto. */
    static BlasThreads ofProperty(int threads) {
        return threads == 0 ? AUTO : of(threads);
    }

    /** The JSON form: {@code "auto"} or a whole number. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static BlasThreads fromJson(Object value) {
        if (value instanceof String text && text.trim().toLowerCase(Locale.ROOT).equals("auto")) {
            return AUTO;
        }
        if (value instanceof Integer n) {
            return of(n);
        }
        throw new IllegalArgumentException(
                "training.blasThreads must be \"auto\" or a whole number from 1 to " + JobSpecs.MAX_BLAS_THREADS);
    }

    @JsonValue
    Object toJson() {
        return auto ? "auto" : threads;
    }

    /** The engine's {@code TrainingSpec.blasThreads}: the cap, 0 for none. */
    int engineCap() {
        return auto ? 0 : threads;
    }

    @Override
    public String toString() {
        return String.valueOf(toJson());
    }
}
