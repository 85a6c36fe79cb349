package org.mbpo.agent;

import org.mbpo.data.TransitionBatch;
import org.mbpo.nn.Mlp;
import org.mbpo.nn.SameDiffCheck;
import org.mbpo.nn.SameDiffCheck.InDoubleAndFloat;
import org.mbpo.nn.SameDiffCheck.Result;
import org.mbpo.nn.SameDiffCheck.Tensor;
import org.mbpo.random.Rng;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mbpo.nn.SameDiffCheck.assertGradientsClose;
import static org.mbpo.nn.SameDiffCheck.assertLossClose;
import static org.mbpo.nn.SameDiffCheck.constant;
import static org.mbpo.nn.SameDiffCheck.widen;

/**
 * SAC's three losses and all their parameter gradients against the same losses built in DeepLearning4J's
 * SameDiff and differentiated by it: the critic loss (twin Q, the soft Bellman target from the target
 * networks and α, terminated rows not bootstrapped, truncated rows bootstrapped), the actor loss
 * (reparameterised tanh-Gaussian, the exact log-probability with the tanh correction, the log-std
 * clamp, α log π − min Q), and the temperature loss. Random weights for all five networks (the targets
 * differ from the critics) and a random batch; the noise ε is the agent's own draw, given to SameDiff as
 * a constant, as the reparameterisation holds it.
 *
 * <p>The SameDiff side is written from the equations (Haarnoja et al. 2018a, Sec. 4.2 and App. C;
 * 2018b, Sec. 5), not from our code: the Gaussian term of log π is {@code −((u − μ)/σ)²/2}, the tanh correction
 * {@code −log(1 − tanh²u)}, ReLU and the clamp are SameDiff's own ops.
 *
 * <p>Our networks are float only. SameDiff in double checks our float results at a float tolerance;
 * SameDiff in float (a different order of float operations) is checked at the same tolerance
 * ({@link #RTOL}, with the measured errors).
 */
class SacSameDiffTest {
    static final int OBS = 3;
    static final int ACT = 2;
    static final int B = 8;
    static final double LOG_STD_MIN = -0.05;
    static final double LOG_STD_MAX = 0.05;
    /** 2 hidden layers of 16: input, hidden-to-hidden and output layers; a narrow clamp so that some log-stds fall outside it. */
    static final SacConfig CONFIG = new SacConfig(2, 16, 0.99, 0.005, 3e-4, B, 0.7, true, -1.3, LOG_STD_MIN, LOG_STD_MAX);
    /**
     * Allowed error of a loss (relative, at least 1 in the denominator) and of a gradient entry (relative
     * to the entry plus the parameter's largest gradient entry, see {@link SameDiffCheck#assertGradientsClose}),
     * for SameDiff in double and in float alike. Measured: at most 2.6e-7 against SameDiff in double and
     * 6.0e-7 against SameDiff in float (the soft target; gradients 4.2e-7), so SameDiff in float is no
     * closer to ours than SameDiff in double and the same tolerance serves both. Dropping a term of a
     * hand-written gradient gives errors of 1e-1 to 1e0 on this scale.
     */
    static final double RTOL = 1e-5;

    /** The batch as the SameDiff side reads it: row-major, with both end flags. */
    record Batch(float[] obs, float[] actions, float[] rewards, float[] nextObs, boolean[] terminated, boolean[] truncated) {
    }

    /** Rows cycle through: ordinary, terminated, truncated, terminated and truncated. */
    static Batch randomBatch(SplittableRandom rng) {
        float[] obs = new float[B * OBS];
        float[] next = new float[B * OBS];
        float[] act = new float[B * ACT];
        float[] r = new float[B];
        boolean[] term = new boolean[B];
        boolean[] trunc = new boolean[B];
        for (int i = 0; i < B * OBS; i++) {
            obs[i] = (float) rng.nextDouble(-1, 1);
            next[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < B * ACT; i++) {
            act[i] = (float) rng.nextDouble(-1, 1);
        }
        for (int i = 0; i < B; i++) {
            r[i] = (float) rng.nextGaussian();
            term[i] = i % 4 == 1 || i % 4 == 3;
            trunc[i] = i % 4 == 2 || i % 4 == 3;
        }
        return new Batch(obs, act, r, next, term, trunc);
    }

    private final Batch batch = randomBatch(new SplittableRandom(23));
    private final Ours ours = new Ours(new SplittableRandom(29), batch);

    @InDoubleAndFloat
    void criticLossAndGradientsMatchSameDiff(DataType type) {
        Ours.Critic step = ours.critic();
        Graph g = new Graph(type, step.eps(), step.alpha());
        SameDiff sd = g.sd;
        SDVariable y = g.softTarget().rename("y");
        SDVariable sa = sd.concat(1, g.obs, g.actions);
        SDVariable loss1 = sd.math().square(g.q("q1", sa).sub(y)).mean().rename("loss1");
        SDVariable loss2 = sd.math().square(g.q("q2", sa).sub(y)).mean().rename("loss2");
        loss1.add(loss2).rename("loss");
        List<Tensor> params = new ArrayList<>(ours.parameters("q1"));
        params.addAll(ours.parameters("q2"));
        Result r = SameDiffCheck.run(sd, "loss", SameDiffCheck.names(params), "y", "loss1", "loss2");

        for (int i = 0; i < B; i++) {
            assertLossClose(type + ": soft target y[" + i + "]" + (batch.terminated()[i] ? " (terminated)" : "")
                    + (batch.truncated()[i] ? " (truncated)" : ""), step.target()[i], r.outputs().get("y")[i], RTOL);
        }
        assertLossClose(type + ": critic 1 loss", step.loss1(), r.outputs().get("loss1")[0], RTOL);
        assertLossClose(type + ": critic 2 loss", step.loss2(), r.outputs().get("loss2")[0], RTOL);
        assertGradientsClose("SameDiff " + type + ", critic loss", step.gradients(), r.gradients(), RTOL);
    }

    @InDoubleAndFloat
    void actorLossAndGradientsMatchSameDiff(DataType type) {
        Ours.Actor step = ours.actor();
        Graph g = new Graph(type, step.eps(), step.alpha());
        SameDiff sd = g.sd;
        SDVariable[] pi = g.policy(g.obs, g.epsObs);
        SDVariable sa = sd.concat(1, g.obs, pi[0]);
        SDVariable minQ = sd.math().min(g.q("q1", sa), g.q("q2", sa));
        pi[1].mul(step.alpha()).sub(minQ).mean().rename("loss");
        List<Tensor> params = ours.parameters("actor");
        Result r = SameDiffCheck.run(sd, "loss", SameDiffCheck.names(params), pi[2].name());

        int clamped = 0;
        for (double raw : r.outputs().get(pi[2].name())) {
            clamped += raw < LOG_STD_MIN || raw > LOG_STD_MAX ? 1 : 0;
        }
        assertTrue(clamped > 0 && clamped < B * ACT, "the batch must put log-stds on both sides of the clamp; clamped: " + clamped);
        assertLossClose(type + ": actor loss", step.loss(), r.loss(), RTOL);
        assertGradientsClose("SameDiff " + type + ", actor loss", step.gradients(), r.gradients(), RTOL);
    }

    @InDoubleAndFloat
    void temperatureLossAndGradientMatchSameDiff(DataType type) {
        Ours.Temperature step = ours.temperature();
        // The actor's parameters as they were when the update sampled the policy (the update changes them after).
        Graph g = new Graph(type, step.eps(), Math.exp(step.logAlpha()), step.actorBefore());
        SameDiff sd = g.sd;
        SDVariable logAlpha = sd.var("logAlpha", SameDiffCheck.array(type, new double[] {step.logAlpha()}));
        SDVariable logProb = g.policy(g.obs, g.epsObs)[1];
        logAlpha.neg().mul(logProb.mean().add(CONFIG.targetEntropy(ACT))).rename("loss");
        Result r = SameDiffCheck.run(sd, "loss", List.of("logAlpha"));

        assertLossClose(type + ": temperature loss", step.loss(), r.loss(), RTOL);
        assertGradientsClose("SameDiff " + type + ", temperature loss",
                List.of(new Tensor("logAlpha", new long[] {1}, new double[] {step.gradient()})), r.gradients(), RTOL);
    }

    /** The losses' building blocks as a SameDiff graph over our parameters (as trainable variables) and the batch (as constants). */
    private final class Graph {
        final SameDiff sd;
        final DataType type;
        final double alpha;
        final SDVariable obs;
        final SDVariable actions;
        final SDVariable nextObs;
        final SDVariable epsObs;
        final SDVariable epsNext;
        private final Map<String, List<Tensor>> networks;

        Graph(DataType type, Ours.Noise eps, double alpha) {
            this(type, eps, alpha, ours.parameters("actor"));
        }

        Graph(DataType type, Ours.Noise eps, double alpha, List<Tensor> actor) {
            this.sd = SameDiff.create();
            this.type = type;
            this.alpha = alpha;
            this.obs = constant(sd, "obs", type, widen(batch.obs()), B, OBS);
            this.actions = constant(sd, "actions", type, widen(batch.actions()), B, ACT);
            this.nextObs = constant(sd, "nextObs", type, widen(batch.nextObs()), B, OBS);
            this.epsObs = constant(sd, "epsObs", type, eps.obs(), B, ACT);
            this.epsNext = constant(sd, "epsNext", type, eps.next(), B, ACT);
            this.networks = Map.of("actor", actor, "q1", ours.parameters("q1"), "q2", ours.parameters("q2"),
                    "q1Target", ours.parameters("q1Target"), "q2Target", ours.parameters("q2Target"));
        }

        /** The named network (ReLU hidden layers, linear output) on {@code x [B, in]}, as trainable variables named as the tensors. */
        SDVariable mlp(String net, SDVariable x) {
            List<Tensor> layers = networks.get(net);
            SDVariable h = x;
            for (int l = 0; l < layers.size(); l += 2) {
                SDVariable w = variable(layers.get(l));
                SDVariable b = variable(layers.get(l + 1));
                h = SameDiffCheck.dense(h, w, b);
                if (l + 2 < layers.size()) {
                    h = sd.nn().relu(h, 0);
                }
            }
            return h;
        }

        private SDVariable variable(Tensor t) {
            return sd.hasVariable(t.name()) ? sd.getVariable(t.name()) : SameDiffCheck.variable(sd, t, type);
        }

        /** A critic's Q(s, a) {@code [B]} from the stacked {@code [s, a]} {@code [B, OBS + ACT]}. */
        SDVariable q(String net, SDVariable sa) {
            return mlp(net, sa).reshape(B);
        }

        /**
         * The tanh-Gaussian policy on {@code s [B, OBS]} with noise {@code eps [B, ACT]}: the action
         * {@code a = tanh(μ + σ ε)} {@code [B, ACT]}, {@code log π(a|s)} {@code [B]}, and the raw log-std
         * {@code [B, ACT]} (before the clamp).
         */
        SDVariable[] policy(SDVariable s, SDVariable eps) {
            SDVariable head = mlp("actor", s);
            SDVariable mu = head.get(SDIndex.all(), SDIndex.interval(0, ACT));
            SDVariable raw = head.get(SDIndex.all(), SDIndex.interval(ACT, 2 * ACT));
            SDVariable logStd = sd.math().clipByValue(raw, LOG_STD_MIN, LOG_STD_MAX);
            SDVariable std = sd.math().exp(logStd);
            SDVariable u = mu.add(std.mul(eps));
            SDVariable a = sd.math().tanh(u);
            SDVariable z = u.sub(mu).div(std);
            SDVariable gaussian = sd.math().square(z).mul(-0.5).sub(logStd).sub(0.5 * Math.log(2 * Math.PI));
            SDVariable tanhCorrection = sd.math().log(sd.math().square(a).rsub(1.0));
            SDVariable logProb = gaussian.sub(tanhCorrection).sum(1);
            return new SDVariable[] {a, logProb, raw};
        }

        /** y = r + γ (1 − terminated) (min_i Q̄_i(s', a') − α log π(a'|s')), a' ~ π(·|s'); truncation does not stop bootstrapping. */
        SDVariable softTarget() {
            SDVariable[] next = policy(nextObs, epsNext);
            SDVariable sa = sd.concat(1, nextObs, next[0]);
            SDVariable soft = sd.math().min(q("q1Target", sa), q("q2Target", sa)).sub(next[1].mul(alpha));
            double[] notTerminated = new double[B];
            for (int i = 0; i < B; i++) {
                notTerminated[i] = batch.terminated()[i] ? 0 : 1;
            }
            SDVariable bootstrap = constant(sd, "notTerminated", type, notTerminated, B).mul(CONFIG.gamma());
            return constant(sd, "rewards", type, widen(batch.rewards()), B).add(soft.mul(bootstrap));
        }
    }

    /**
     * The one place that touches {@link Sac}'s internals: it makes an agent with random weights for all
     * five networks, runs each loss's hand-written forward and backward pass, and hands back losses and
     * gradients as named tensors ({@code net.W0 [in, out]}, {@code net.b0 [out]}, …). Re-point this
     * class, not the tests, when Sac changes.
     */
    static final class Ours {
        private final Sac sac;
        private final TransitionBatch batch;
        private final Map<String, Mlp> nets;

        Ours(SplittableRandom rng, Batch b) {
            this.sac = new Sac(OBS, ACT, CONFIG, new Rng(rng.nextLong()));
            this.nets = Map.of("actor", sac.actor, "q1", sac.critics[0].net, "q2", sac.critics[1].net, "q1Target",
                    sac.critics[0].target, "q2Target", sac.critics[1].target);
            for (String name : List.of("actor", "q1", "q2", "q1Target", "q2Target")) {
                Mlp net = nets.get(name);
                float[] p = new float[net.parameterCount()];
                int[] dims = net.dims();
                for (int l = 0; l < net.layers(); l++) {
                    double bound = 1.0 / Math.sqrt(dims[l]);
                    for (int i = net.weightOffset(l); i < net.biasOffset(l) + dims[l + 1]; i++) {
                        p[i] = (float) rng.nextDouble(-bound, bound);
                    }
                }
                net.setParameters(p);
            }
            this.batch = TransitionBatch.allocate(B, OBS, ACT);
            System.arraycopy(b.obs(), 0, batch.observations(), 0, B * OBS);
            System.arraycopy(b.actions(), 0, batch.actions(), 0, B * ACT);
            System.arraycopy(b.rewards(), 0, batch.rewards(), 0, B);
            System.arraycopy(b.nextObs(), 0, batch.nextObservations(), 0, B * OBS);
            System.arraycopy(b.terminated(), 0, batch.terminated(), 0, B);
            System.arraycopy(b.truncated(), 0, batch.truncated(), 0, B);
        }

        /** The named network's weights {@code [in, out]} and biases {@code [out]} per layer, as tensors {@code name.W<l>}, {@code name.b<l>}. */
        List<Tensor> parameters(String name) {
            return tensors(name, nets.get(name), nets.get(name).parameters());
        }

        private static List<Tensor> tensors(String name, Mlp net, float[] flat) {
            int[] dims = net.dims();
            List<Tensor> t = new ArrayList<>();
            for (int l = 0; l < net.layers(); l++) {
                t.add(SameDiffCheck.tensor(name + ".W" + l, flat, net.weightOffset(l), dims[l], dims[l + 1]));
                t.add(SameDiffCheck.tensor(name + ".b" + l, flat, net.biasOffset(l), dims[l + 1]));
            }
            return t;
        }

        /** The policy's noise ε of an update, row-major {@code [B, ACT]}: for the observations and for the next observations. */
        record Noise(double[] obs, double[] next) {
        }

        record Critic(double[] target, double loss1, double loss2, List<Tensor> gradients, Noise eps, double alpha) {
        }

        record Actor(double loss, List<Tensor> gradients, Noise eps, double alpha) {
        }

        record Temperature(double loss, double gradient, double logAlpha, List<Tensor> actorBefore, Noise eps) {
        }

        /** Both critics' losses against the soft target, and their gradients (tensors {@code q1.*} then {@code q2.*}). */
        Critic critic() {
            float alpha = (float) sac.alpha();
            sac.samplePolicy(batch);
            sac.softTarget(batch, alpha);
            double[] loss = {sac.criticLoss(sac.critics[0], batch), sac.criticLoss(sac.critics[1], batch)};
            List<Tensor> grads = new ArrayList<>(tensors("q1", sac.critics[0].net, sac.critics[0].net.gradients()));
            grads.addAll(tensors("q2", sac.critics[1].net, sac.critics[1].net.gradients()));
            return new Critic(widen(sac.y), loss[0], loss[1], grads, noise(), alpha);
        }

        /** The actor's loss at freshly sampled actions, and its gradients ({@code actor.*}). */
        Actor actor() {
            float alpha = (float) sac.alpha();
            sac.samplePolicy(batch);
            double loss = sac.actorLoss(batch, alpha);
            return new Actor(loss, tensors("actor", sac.actor, sac.actor.gradients()), noise(), alpha);
        }

        /** One whole update, for the temperature loss it returns and the gradient it stepped log α with. */
        Temperature temperature() {
            List<Tensor> actorBefore = parameters("actor");
            double logAlpha = sac.state().logAlpha();
            SacLosses losses = sac.update(batch);
            return new Temperature(losses.alphaLoss(), sac.logAlphaGrad[0], logAlpha, actorBefore, noise());
        }

        /** The noise the agent drew in its last policy sample. */
        private Noise noise() {
            return new Noise(eps(0), eps(B));
        }

        /** The policy's noise ε for batch columns {@code from … from + B − 1}, row-major {@code [B, ACT]}. */
        private double[] eps(int from) {
            double[] e = new double[B * ACT];
            for (int c = 0; c < B; c++) {
                for (int j = 0; j < ACT; j++) {
                    e[c * ACT + j] = sac.policy.eps[j * 2 * B + from + c];
                }
            }
            return e;
        }
    }
}
