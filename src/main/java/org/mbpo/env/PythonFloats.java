package org.mbpo.env;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)}: the shortest decimal that reads back as the same double (the closest
 * one when several are as short), written as Python writes it ({@code 0.1}, {@code 1e-05},
 * {@code 1e+16}, {@code -0.0}, {@code inf}). Reference files are written this way, so a replay printed
 * with it can be compared with {@code diff}.
 */
public final class PythonFloats {

    private PythonFloats() {
    }

    public static String repr(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return (Double.doubleToRawLongBits(x) < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(x);
        BigDecimal shortest = null;
        for (int p = 1; p <= 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == x) {
                shortest = r;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().abs().toString();
        int exp10 = digits.length() - 1 - shortest.scale();
        StringBuilder s = new StringBuilder(x < 0 ? "-" : "");
        if (exp10 < -4 || exp10 >= 16) {
            s.append(digits.charAt(0));
            if (digits.length() > 1) {
                s.append('.').append(digits, 1, digits.length());
            }
            s.append(exp10 < 0 ? "e-" : "e+");
            int a = Math.abs(exp10);
            s.append(a < 10 ? "0" : "").append(a);
        } else if (exp10 < 0) {
            s.append("0.").append("0".repeat(-exp10 - 1)).append(digits);
        } else if (digits.length() <= exp10 + 1) {
            s.append(digits).append("0".repeat(exp10 + 1 - digits.length())).append(".0");
        } else {
            s.append(digits, 0, exp10 + 1).append('.').append(digits, exp10 + 1, digits.length());
        }
        return s.toString();
    }

    /**
     * C's {@code printf("%.17g", x)}, the other format reference files use (17 significant digits, trailing
     * zeros removed, exponent form below 1e-4 and from 1e17): {@code 2.0211898216879744e-05}, {@code 1}, {@code -0}.
     */
    public static String g17(double x) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "inf" : "-inf";
        }
        if (x == 0) {
            return (Double.doubleToRawLongBits(x) < 0) ? "-0" : "0";
        }
        BigDecimal r = new BigDecimal(x).round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        String digits = r.unscaledValue().abs().toString();
        int exp10 = digits.length() - 1 - r.scale();
        StringBuilder s = new StringBuilder(x < 0 ? "-" : "");
        if (exp10 < -4 || exp10 >= 17) {
            s.append(digits.charAt(0));
            if (digits.length() > 1) {
                s.append('.').append(digits, 1, digits.length());
            }
            s.append(exp10 < 0 ? "e-" : "e+");
            int a = Math.abs(exp10);
            s.append(a < 10 ? "0" : "").append(a);
        } else if (exp10 < 0) {
            s.append("0.").append("0".repeat(-exp10 - 1)).append(digits);
        } else if (digits.length() <= exp10 + 1) {
            s.append(digits).append("0".repeat(exp10 + 1 - digits.length()));
        } else {
            s.append(digits, 0, exp10 + 1).append('.').append(digits, exp10 + 1, digits.length());
        }
        return s.toString();
    }
}
