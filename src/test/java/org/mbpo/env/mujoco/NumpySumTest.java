package org.mbpo.env.mujoco;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link MujocoEnv#sumOfSquares} against {@code np.sum(np.square(a))} computed by NumPy 2.4.6. */
class NumpySumTest {

    @Test
    void matchesNumpysPairwiseSummation() {
        // a[i] = ((7 i) mod 13 - 6) / 7 + i / 1024, exact in both languages; NumPy's results as hex doubles.
        // For 17 and 84 elements NumPy's pairwise order differs from a sequential loop in the last bit.
        Object[][] cases = {{3, "0x1.4346d7d6343eap+0"}, {6, "0x1.db28024924923p+0"}, {8, "0x1.2f4074e5e0a72p+1"},
                {17, "0x1.43b9558d0fac7p+2"}, {84, "0x1.84884f2492492p+4"}};
        for (Object[] c : cases) {
            int n = (Integer) c[0];
            double[] a = new double[n];
            for (int i = 0; i < n; i++) {
                a[i] = ((i * 7) % 13 - 6) / 7.0 + i / 1024.0;
            }
            assertEquals(Double.parseDouble((String) c[1]), MujocoEnv.sumOfSquares(a), 0.0, "np.sum(np.square(a)) for n = " + n);
        }
    }
}
