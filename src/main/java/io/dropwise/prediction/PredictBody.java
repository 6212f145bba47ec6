package io.dropwise.prediction;

import io.dropwise.prediction.PredictRequest.McDropoutRequest;
import java.util.List;
import java.util.function.Supplier;

/**
 * A {@code /predict} body as {@link PredictCallResolver} read it: the general {@link PredictRequest}, or, for the
 * common shape (nothing but {@code instances}, each an array of numbers), those numbers already as rows
 * ({@link NumericInstances}). Numeric rows are used only where the general path would compute the very same row
 * ({@link InstanceEncoder}'s numeric case: an all-numeric model, the model's width, finite values within the float
 * range); for anything else the body is read again by the application's JSON mapper and goes the general way, with
 * the same answers and the same errors.
 */
final class PredictBody {

    private final float[][] numeric;
    private final Supplier<PredictRequest> reread;
    private PredictRequest request;

    private PredictBody(float[][] numeric, Supplier<PredictRequest> reread, PredictRequest request) {
        this.numeric = numeric;
        this.reread = reread;
        this.request = request;
    }

    static PredictBody of(PredictRequest request) {
        return new PredictBody(null, null, request);
    }

    /**
     * Rows of numbers as sent; {@code reread} parses the same body as a {@link PredictRequest} when they are not
     * enough.
     */
    static PredictBody numeric(float[][] rows, Supplier<PredictRequest> reread) {
        return new PredictBody(rows, reread, null);
    }

    /** Number of instances (0 when absent or null). */
    int count() {
        if (numeric != null) {
            return numeric.length;
        }
        List<Object> instances = request.instances();
        return instances == null ? 0 : instances.size();
    }

    McDropoutRequest mcDropout() {
        return numeric != null ? null : request.mcDropout();
    }

    /**
     * The encoded rows when every instance is a numeric row that {@code served} takes as it is; null otherwise
     * (then {@link #request()} goes through {@link InstanceEncoder}).
     */
    float[][] rowsFor(ServedModel served) {
        if (numeric == null || !served.numericOnly()) {
            return null;
        }
        for (float[] row : numeric) {
            if (row == null || row.length != served.inputWidth()) {
                return null;
            }
        }
        return numeric;
    }

    /** The body as the general request (read again from its bytes the first time this is needed). */
    PredictRequest request() {
        if (request == null) {
            request = reread.get();
        }
        return request;
    }
}
