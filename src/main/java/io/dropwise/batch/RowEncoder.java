package io.dropwise.batch;

import io.dropwise.dataset.DatasetSchema;
import io.dropwise.dataset.DatasetSchema.Feature;
import io.dropwise.prediction.BatchScoring.Scorer;
import java.util.List;

/**
 * Encodes a batch's input records as {@code /predict} encodes an instance ({@link Scorer#encode}), with a fast path
 * for the common case: a plain decimal ({@code -12}, {@code 0.375}: at most 15 digits, no exponent) is converted
 * without {@link Double#parseDouble}, giving the same bits, and a category is looked up as the schema does. Any
 * other value (an exponent, {@code NaN}, a typo, an unknown category) takes the schema's own path, which gives its
 * value or its error message unchanged.
 */
final class RowEncoder {

    /** Powers of ten that a double holds exactly. */
    private static final double[] POWERS = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15
    };

    static final int MAX_DIGITS = 15;

    private final Scorer scorer;
    private final BatchLayout layout;
    private final boolean[] numeric;
    private final List<String>[] categories;
    private final int width;

    @SuppressWarnings("unchecked")
    RowEncoder(Scorer scorer, BatchLayout layout) {
        this.scorer = scorer;
        this.layout = layout;
        DatasetSchema schema = scorer.schema();
        List<Feature> features = schema.features();
        this.numeric = new boolean[features.size()];
        this.categories = new List[features.size()];
        for (int f = 0; f < features.size(); f++) {
            numeric[f] = features.get(f).kind() == Feature.Kind.NUMERIC;
            categories[f] = features.get(f).categories();
        }
        this.width = schema.encodedWidth();
    }

    /**
     * The encoded features of the current record of {@code csv} (numbers read from its bytes).
     *
     * @throws IllegalArgumentException naming the feature and what was expected (the schema's own message)
     */
    float[] encode(BatchCsv csv) {
        int[] index = layout.featureIndex();
        float[] out = new float[width];
        int offset = 0;
        for (int f = 0; f < numeric.length; f++) {
            if (numeric[f]) {
                double v = csv.number(index[f]);
                if (Double.isNaN(v)) {
                    return scorer.encode(layout.features(csv.strings()));
                }
                out[offset++] = (float) v;
            } else {
                String value = csv.field(index[f]);
                int category = categories[f].indexOf(value.trim());
                if (category < 0) {
                    return scorer.encode(layout.features(csv.strings()));
                }
                out[offset + category] = 1f;
                offset += categories[f].size();
            }
        }
        return out;
    }

    /**
     * A plain decimal's value, exactly as {@code Double.parseDouble(text.trim())} gives it, or NaN when the text is
     * not of that simple form. With at most 15 digits the digits are an exact integer m below 2⁵³ and the divisor
     * 10^f an exact power, so m / 10^f is one correctly rounded division: the correctly rounded value of the decimal,
     * which is what {@link Double#parseDouble} returns.
     */
    static double parse(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && text.charAt(start) <= ' ') {
            start++;
        }
        while (end > start && text.charAt(end - 1) <= ' ') {
            end--;
        }
        if (start == end) {
            return Double.NaN;
        }
        boolean negative = false;
        char first = text.charAt(start);
        if (first == '-' || first == '+') {
            negative = first == '-';
            start++;
        }
        long mantissa = 0;
        int digits = 0;
        int fraction = -1;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++digits > MAX_DIGITS) {
                    return Double.NaN;
                }
                mantissa = mantissa * 10 + (c - '0');
                if (fraction >= 0) {
                    fraction++;
                }
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return Double.NaN;
            }
        }
        return value(negative, mantissa, digits, fraction);
    }

    /** The decimal of these digits (a count, at most {@link #MAX_DIGITS}), {@code fraction} of them after the point. */
    static double value(boolean negative, long mantissa, int digits, int fraction) {
        if (digits == 0) {
            return Double.NaN;
        }
        double v = fraction > 0 ? mantissa / POWERS[fraction] : (double) mantissa;
        return negative ? -v : v;
    }
}
