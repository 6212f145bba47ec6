package io.dropwise.training;

import io.dropwise.engine.Dataset;
import io.dropwise.engine.Folds;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sweep job's train/validation split as stored on the job ({@code training_job.split_json}): fold {@code fold} of
 * a seeded k-fold ({@code {"folds":k,"fold":i,"seed":s}}) or a seeded holdout ({@code {"holdout":f,"seed":s}}).
 * The rows follow from the dataset's labels and the seed ({@link Folds}), so a resumed attempt gets the same ones.
 *
 * @param folds k, or 0 for a holdout
 * @param fold the fold validated on (k-fold), 0 for a holdout
 * @param holdout the fraction held out, 0 for k-fold
 */
public record FoldSplit(int folds, int fold, double holdout, long seed) {

    private static final Pattern K_FOLD = Pattern.compile("\\{\"folds\":(\\d+),\"fold\":(\\d+),\"seed\":(-?\\d+)}");
    private static final Pattern HOLDOUT = Pattern.compile("\\{\"holdout\":([0-9.eE+-]+),\"seed\":(-?\\d+)}");

    public static FoldSplit kFold(int folds, int fold, long seed) {
        return new FoldSplit(folds, fold, 0, seed);
    }

    public static FoldSplit holdout(double fraction, long seed) {
        return new FoldSplit(0, 0, fraction, seed);
    }

    /** The fraction of rows the job validates on, for its spec's {@code validationFraction}. */
    public double validationFraction() {
        return folds > 0 ? 1.0 / folds : holdout;
    }

    /** The rows this split validates on. */
    public int[] validationRows(Dataset data) {
        return folds > 0 ? Folds.fold(data, folds, fold, seed) : Folds.holdout(data, holdout, seed);
    }

    String json() {
        return folds > 0
                ? "{\"folds\":" + folds + ",\"fold\":" + fold + ",\"seed\":" + seed + "}"
                : String.format(Locale.ROOT, "{\"holdout\":%s,\"seed\":%d}", Double.toString(holdout), seed);
    }

    static FoldSplit parse(String json) {
        Matcher k = K_FOLD.matcher(json);
        if (k.matches()) {
            return kFold(Integer.parseInt(k.group(1)), Integer.parseInt(k.group(2)), Long.parseLong(k.group(3)));
        }
        Matcher h = HOLDOUT.matcher(json);
        if (h.matches()) {
            return holdout(Double.parseDouble(h.group(1)), Long.parseLong(h.group(2)));
        }
        throw new IllegalStateException("unreadable stored split: " + json);
    }

    /** The validation rows of a stored split; null (the spec's own split) when there is none. */
    static int[] validationRows(String json, Dataset data) {
        return json == null ? null : parse(json).validationRows(data);
    }
}
