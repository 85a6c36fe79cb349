package org.mbpo.agent;

import org.junit.jupiter.api.Test;
import org.mbpo.data.TransitionBatch;
import org.mbpo.nn.Activation;
import org.mbpo.nn.Mlp;
import org.mbpo.nn.ReferenceMlp;
import org.mbpo.random.Rng;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SAC's critic target, critic gradients and actor gradients (through the tanh squashing, the exact
 * log-probability, the log-std clamp and the min of the twin critics) against a double-precision
 * re-implementation of the losses, differentiated by central finite differences. The noise ε is the
 * agent's own draw, held fixed, as the reparametrisation trick holds it.
 */
class SacGradientTest {
    private static final int OBS = 3;
    private static final int ACT = 2;
    private static final int B = 6;
    private static final double H = 1e-6;
    /** A narrow clamp so that some raw log-stds fall outside it and some inside. */
    private static final SacConfig CONFIG = new SacConfig(2, 8, 0.99, 0.005, 3e-4, B, 0.7, true, Double.NaN, -0.05, 0.05);

    private final Sac sac = new Sac(OBS, ACT, CONFIG, new Rng(21));
    private final TransitionBatch batch = randomBatch(new SplittableRandom(23));
    private final float alpha = (float) sac.alpha();

    static TransitionBatch randomBatch(SplittableRandom rng) {
        TransitionBatch b = TransitionBatch.allocate(B, OBS, ACT);
        for (int i = 0; i < B * OBS; i++) {
            b.observations()[i] = (float) rng.nextDouble(-1, 1);
            b.nextObservations()[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < B * ACT; i++) {
            b.actions()[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < B; i++) {
            b.rewards()[i] = (float) rng.nextGaussian();
            b.terminated()[i] = i % 3 == 1;
        }
        return b;
    }

    /** Observations {@code [OBS][B]} (feature-major) from a row-major batch array. */
    static double[][] columns(float[] rowMajor, int dim) {
        double[][] x = new double[dim][B];
        for (int b = 0; b < B; b++) {
            for (int k = 0; k < dim; k++) {
                x[k][b] = rowMajor[b * dim + k];
            }
        }
        return x;
    }

    /** The policy's actions and log-probabilities in double precision, for observations x and fixed noise (agent columns from {@code column0}). */
    double[][] referencePolicy(double[] actorParams, double[][] x, int column0, double[] logProb, double[] clampMargin) {
        double[][] head = ReferenceMlp.forward(sac.actor.dims(), Activation.RELU, actorParams, x);
        double[][] a = new double[ACT][B];
        int ld = 2 * B;
        for (int c = 0; c < B; c++) {
            logProb[c] = 0;
            for (int j = 0; j < ACT; j++) {
                double mu = head[j][c];
                double raw = head[ACT + j][c];
                clampMargin[0] = Math.min(clampMargin[0], Math.min(Math.abs(raw - CONFIG.logStdMin()), Math.abs(raw - CONFIG.logStdMax())));
                double logStd = Math.min(Math.max(raw, CONFIG.logStdMin()), CONFIG.logStdMax());
                double std = Math.exp(logStd);
                double eps = sac.policy.eps[j * ld + column0 + c];
                double u = mu + std * eps;
                a[j][c] = Math.tanh(u);
                double z = (u - mu) / std;
                logProb[c] += -0.5 * z * z - logStd - 0.5 * Math.log(2 * Math.PI) - Math.log(1 - a[j][c] * a[j][c]);
            }
        }
        return a;
    }

    static double[][] stack(double[][] top, double[][] bottom) {
        double[][] x = new double[top.length + bottom.length][];
        System.arraycopy(top, 0, x, 0, top.length);
        System.arraycopy(bottom, 0, x, top.length, bottom.length);
        return x;
    }

    static double[] q(Mlp net, double[] params, double[][] x, double[] minAbsPre) {
        return ReferenceMlp.forward(net.dims(), Activation.RELU, params, x, minAbsPre)[0];
    }

    @Test
    void criticTargetIsTheSoftBellmanBackupOfTheTargetNetworks() {
        sac.samplePolicy(batch);
        sac.softTarget(batch, alpha);
        double[] logProb = new double[B];
        double[][] next = columns(batch.nextObservations(), OBS);
        double[][] a2 = referencePolicy(ReferenceMlp.parameters(sac.actor), next, B, logProb, new double[] {1});
        double[] t1 = q(sac.critics[0].target, ReferenceMlp.parameters(sac.critics[0].target), stack(next, a2), new double[1]);
        double[] t2 = q(sac.critics[1].target, ReferenceMlp.parameters(sac.critics[1].target), stack(next, a2), new double[1]);
        for (int c = 0; c < B; c++) {
            double soft = Math.min(t1[c], t2[c]) - alpha * logProb[c];
            double y = batch.rewards()[c] + (batch.terminated()[c] ? 0 : 0.99 * soft);
            assertEquals(y, sac.y[c], 1e-5 * (1 + Math.abs(y)), "target " + c);
        }
    }

    @Test
    void criticGradientsMatchFiniteDifferences() {
        sac.samplePolicy(batch);
        sac.softTarget(batch, alpha);
        double loss = sac.criticLoss(sac.critics[0], batch);
        double[][] x = stack(columns(batch.observations(), OBS), columns(batch.actions(), ACT));
        double[] p = ReferenceMlp.parameters(sac.critics[0].net);
        double[] minAbsPre = {Double.POSITIVE_INFINITY};
        assertEquals(criticLoss(p, x, minAbsPre), loss, 1e-5 * (1 + loss), "loss");
        assertTrue(minAbsPre[0] > 1e-4, "test point too close to a ReLU kink: " + minAbsPre[0]);
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            p[i] = keep + H;
            double up = criticLoss(p, x, new double[1]);
            p[i] = keep - H;
            double down = criticLoss(p, x, new double[1]);
            p[i] = keep;
            double fd = (up - down) / (2 * H);
            assertEquals(fd, sac.critics[0].net.gradients()[i], 1e-4 + 1e-4 * Math.abs(fd), "q1 parameter " + i);
        }
    }

    private double criticLoss(double[] p, double[][] x, double[] minAbsPre) {
        double[] v = q(sac.critics[0].net, p, x, minAbsPre);
        double s = 0;
        for (int c = 0; c < B; c++) {
            double e = v[c] - sac.y[c];
            s += e * e;
        }
        return s / B;
    }

    @Test
    void actorGradientsMatchFiniteDifferencesThroughSquashingClampAndTwinMin() {
        sac.samplePolicy(batch);
        double loss = sac.actorLoss(batch, alpha);
        double[][] obs = columns(batch.observations(), OBS);
        double[] p = ReferenceMlp.parameters(sac.actor);
        double[] margins = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        int[] clamped = {0};
        assertEquals(actorLoss(p, obs, margins, clamped), loss, 1e-5 * (1 + Math.abs(loss)), "loss");
        assertTrue(margins[0] > 1e-4, "a raw log-std too close to a clamp bound: " + margins[0]);
        assertTrue(margins[1] > 1e-4, "test point too close to a ReLU kink: " + margins[1]);
        assertTrue(margins[2] > 1e-4, "Q1 and Q2 too close to tell which is the min: " + margins[2]);
        assertTrue(clamped[0] > 0 && clamped[0] < B * ACT, "the test must exercise both sides of the clamp, clamped " + clamped[0]);
        for (int i = 0; i < p.length; i++) {
            double keep = p[i];
            p[i] = keep + H;
            double up = actorLoss(p, obs, new double[3], new int[1]);
            p[i] = keep - H;
            double down = actorLoss(p, obs, new double[3], new int[1]);
            p[i] = keep;
            double fd = (up - down) / (2 * H);
            assertEquals(fd, sac.actor.gradients()[i], 1e-4 + 1e-4 * Math.abs(fd), "actor parameter " + i);
        }
    }

    /** mean α log π(a|s) − min(Q1, Q2)(s, a); margins: [clamp, ReLU kink, |Q1 − Q2|]; clamped[0] counts clamped log-stds. */
    private double actorLoss(double[] p, double[][] obs, double[] margins, int[] clamped) {
        double[] logProb = new double[B];
        double[] clampMargin = {Double.POSITIVE_INFINITY};
        double[][] a = referencePolicy(p, obs, 0, logProb, clampMargin);
        double[] minAbsPre = {Double.POSITIVE_INFINITY};
        double[][] x = stack(obs, a);
        double[] v1 = q(sac.critics[0].net, ReferenceMlp.parameters(sac.critics[0].net), x, minAbsPre);
        double[] v2 = q(sac.critics[1].net, ReferenceMlp.parameters(sac.critics[1].net), x, minAbsPre);
        double[][] head = ReferenceMlp.forward(sac.actor.dims(), Activation.RELU, p, obs, minAbsPre);
        double s = 0;
        double qGap = Double.POSITIVE_INFINITY;
        for (int c = 0; c < B; c++) {
            s += alpha * logProb[c] - Math.min(v1[c], v2[c]);
            qGap = Math.min(qGap, Math.abs(v1[c] - v2[c]));
            for (int j = 0; j < ACT; j++) {
                double raw = head[ACT + j][c];
                if (raw < CONFIG.logStdMin() || raw > CONFIG.logStdMax()) {
                    clamped[0]++;
                }
            }
        }
        margins[0] = clampMargin[0];
        margins[1] = minAbsPre[0];
        margins[2] = qGap;
        return s / B;
    }
}
