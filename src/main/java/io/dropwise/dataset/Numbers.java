package io.dropwise.dataset;

import java.util.Locale;
import java.util.regex.Pattern;

/** Strict decimal numbers as a CSV cell may hold them: no hex, no type suffixes, no NaN or Infinity. */
final class Numbers {

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Numbers() {}

    static boolean isNumber(String s) {
        return !s.isEmpty() && s.length() < 400 && DECIMAL.matcher(s).matches();
    }

    /** NaN, Infinity, inf in any case and with a sign: what other tools write for a missing or non-finite value. */
    static boolean isNonFiniteWord(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        if (t.startsWith("+") || t.startsWith("-")) {
            t = t.substring(1);
        }
        return t.equals("nan") || t.equals("inf") || t.equals("infinity");
    }

    /** The text of an integer-valued number without a fraction ("3" for 3.0), else null. */
    static String integerText(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : null;
    }
}
