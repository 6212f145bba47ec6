package io.dropwise.dataset;

import java.math.BigDecimal;
import java.util.Comparator;

/**
 * Orders labels as a person would: numbers by value ("2" before "10"), text with digit runs compared by value
 * ("class_2" before "class_10"), ties broken by plain string order so the order is total.
 */
final class NaturalOrder implements Comparator<String> {

    static final NaturalOrder INSTANCE = new NaturalOrder();

    private NaturalOrder() {}

    @Override
    public int compare(String a, String b) {
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            int byValue = x.compareTo(y);
            return byValue != 0 ? byValue : a.compareTo(b);
        }
        if (x != null || y != null) {
            return x != null ? -1 : 1;
        }
        int byRuns = compareRuns(a, b);
        return byRuns != 0 ? byRuns : a.compareTo(b);
    }

    private static int compareRuns(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (isDigit(ca) && isDigit(cb)) {
                int endA = digitsEnd(a, i);
                int endB = digitsEnd(b, j);
                int byValue = new BigDecimal(a.substring(i, endA)).compareTo(new BigDecimal(b.substring(j, endB)));
                if (byValue != 0) {
                    return byValue;
                }
                i = endA;
                j = endB;
            } else {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static int digitsEnd(String s, int from) {
        int end = from;
        while (end < s.length() && isDigit(s.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static BigDecimal number(String s) {
        if (!Numbers.isNumber(s)) {
            return null;
        }
        return new BigDecimal(s.startsWith("+") ? s.substring(1) : s);
    }
}
