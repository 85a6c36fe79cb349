package org.mbpo.algorithm;

/**
 * MBPO's linear rollout-length schedule {@code [min_epoch, max_epoch, min_length, max_length]}
 * (Janner et al. 2019, App. C; the reference implementation's {@code rollout_schedule}):
 * k = min_length up to min_epoch, then rising linearly to max_length at max_epoch and constant
 * after, truncated to an integer as the reference does ({@code int(y)}).
 *
 * @param minEpoch  the epoch until which k = minLength
 * @param maxEpoch  the epoch from which k = maxLength (&gt; minEpoch unless the lengths are equal)
 * @param minLength k at and before minEpoch, ≥ 1
 * @param maxLength k at and after maxEpoch, ≥ 1
 */
public record RolloutSchedule(int minEpoch, int maxEpoch, int minLength, int maxLength) {

    public RolloutSchedule {
        if (minLength < 1 || maxLength < 1) {
            throw new IllegalArgumentException("rollout lengths must be at least 1, got " + minLength + " and " + maxLength);
        }
        if (minEpoch < 0 || (maxEpoch <= minEpoch && minLength != maxLength)) {
            throw new IllegalArgumentException("need 0 <= min_epoch < max_epoch, got " + minEpoch + " and " + maxEpoch);
        }
    }

    /** A constant rollout length. */
    public static RolloutSchedule constant(int k) {
        return new RolloutSchedule(0, 1, k, k);
    }

    /** Parses {@code "min_epoch,max_epoch,min_length,max_length"}, e.g. {@code "20,150,1,15"}. */
    public static RolloutSchedule parse(String text) {
        String[] parts = text.replace("[", "").replace("]", "").split(",");
        if (parts.length != 4) {
            throw new IllegalArgumentException("expected min_epoch,max_epoch,min_length,max_length, got '" + text + "'");
        }
        try {
            return new RolloutSchedule(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()),
                    Integer.parseInt(parts[2].trim()), Integer.parseInt(parts[3].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected four whole numbers, got '" + text + "'");
        }
    }

    /** The rollout length k at {@code epoch} (epochs count from 0). */
    public int length(int epoch) {
        if (epoch <= minEpoch) {
            return minLength;
        }
        double dx = Math.min(1.0, (double) (epoch - minEpoch) / (maxEpoch - minEpoch));
        return (int) (dx * (maxLength - minLength) + minLength);
    }

    @Override
    public String toString() {
        return minEpoch + "," + maxEpoch + "," + minLength + "," + maxLength;
    }
}
