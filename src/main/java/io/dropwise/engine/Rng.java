package io.dropwise.engine;

/**
 * The run's random generator: SplitMix64 (Steele, Lea, Flood 2014), one {@code long} of state so a checkpoint can
 * hold it exactly. Never shared between runs or threads; passed explicitly to whatever needs randomness.
 */
final class Rng {

    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    long state() {
        return state;
    }

    void restore(long savedState) {
        this.state = savedState;
    }

    long nextLong() {
        return mix(state += GOLDEN_GAMMA);
    }

    /**
     * The value the {@code word}-th next call of {@link #nextLong} (counting from 0) will return, without advancing:
     * SplitMix64 is counter-based, so disjoint stretches of its stream can be drawn on several threads.
     */
    long peek(long word) {
        return mix(state + (word + 1) * GOLDEN_GAMMA);
    }

    /** Advances as {@code words} calls of {@link #nextLong} would. */
    void skip(long words) {
        state += words * GOLDEN_GAMMA;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A new generator whose stream is independent of this one's continuation (like SplittableRandom.split). */
    Rng split() {
        return new Rng(nextLong() ^ 0x5851f42d4c957f2dL);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound). */
    int nextInt(int bound) {
        return (int) ((nextLong() >>> 33) % bound);
    }

    /** Standard normal by Box-Muller (the second value is discarded to keep the state a single long). */
    double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Fisher-Yates shuffle in place. */
    void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
