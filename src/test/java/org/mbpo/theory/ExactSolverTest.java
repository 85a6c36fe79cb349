package org.mbpo.theory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExactSolverTest {

    /** A one-action MDP is a Markov chain with rewards. */
    private static Chain chain(double[][] m) {
        double[][][] p = new double[m.length][1][];
        for (int s = 0; s < m.length; s++) {
            p[s][0] = m[s];
        }
        return new Chain(p, TabularPolicy.uniform(m.length, 1));
    }

    @Test
    void twoStateReturnMatchesClosedForm() {
        // M = [[1-a, a], [b, 1-b]], r = [r0, r1], d0 = δ_0.
        // V0 = [(1-γ+γb) r0 + γ a r1] / [(1-γ+γa)(1-γ+γb) - γ² a b]
        double a = 0.3;
        double b = 0.6;
        double r0 = 1.5;
        double r1 = -0.7;
        double gamma = 0.9;
        double expected = ((1 - gamma + gamma * b) * r0 + gamma * a * r1)
                / ((1 - gamma + gamma * a) * (1 - gamma + gamma * b) - gamma * gamma * a * b);
        ExactSolver solver = new ExactSolver(new double[][] {{r0}, {r1}}, new double[] {1, 0}, gamma, 2000);
        Chain c = chain(new double[][] {{1 - a, a}, {b, 1 - b}});
        assertEquals(expected, solver.returnExact(c), 1e-12, "linear solve against the closed form");
        assertEquals(expected, solver.returnTruncated(c), 1e-12, "truncated sum against the closed form");
    }

    @Test
    void absorbingChainIsGeometric() {
        // From state 0 (reward 1) move to absorbing state 1 (reward 0) with probability q each step:
        // η = Σ_t γ^t (1-q)^t = 1 / (1 - γ(1-q)).
        double q = 0.25;
        double gamma = 0.95;
        ExactSolver solver = new ExactSolver(new double[][] {{1}, {0}}, new double[] {1, 0}, gamma, 2000);
        Chain c = chain(new double[][] {{1 - q, q}, {0, 1}});
        assertEquals(1 / (1 - gamma * (1 - q)), solver.returnExact(c), 1e-12);
    }

    @Test
    void truncatedSumOnlyMissesTheTail() {
        // Constant reward 1: the truncated sum over t < H is (1 - γ^H)/(1 - γ).
        double gamma = 0.5;
        ExactSolver solver = new ExactSolver(new double[][] {{1}}, new double[] {1}, gamma, 10);
        Chain c = chain(new double[][] {{1}});
        assertEquals((1 - Math.pow(gamma, 10)) / (1 - gamma), solver.returnTruncated(c), 1e-15);
        assertEquals(1 / (1 - gamma), solver.returnExact(c), 1e-15);
    }

    @Test
    void branchedReturnsByHandWithDynamicsThatDiffer() {
        // Pre: every state goes to state 1 and stays; post: every state goes to state 0. r = [1, 0]; d0 = δ_0.
        double gamma = 0.8;
        ExactSolver solver = new ExactSolver(new double[][] {{1}, {0}}, new double[] {1, 0}, gamma, 3000);
        Chain pre = chain(new double[][] {{0, 1}, {0, 1}});
        Chain post = chain(new double[][] {{1, 0}, {1, 0}});
        // k = 0: branch order is d_t(pre)·r = 1 at t = 0, then 0; post-first is the pre chain's return, also 1.
        assertBranched(solver, pre, post, 0, 1, 1);
        // k = 1: branch order: every t ≥ 1 ends with a post step to state 0, so η = 1/(1-γ);
        // post-first: t = 0 at state 0, t = 1 at state 0 (one post step), then state 1: η = 1 + γ.
        assertBranched(solver, pre, post, 1, 1 / (1 - gamma), 1 + gamma);
        // k = 2: 1/(1-γ) and 1 + γ + γ².
        assertBranched(solver, pre, post, 2, 1 / (1 - gamma), 1 + gamma + gamma * gamma);
    }

    @Test
    void branchedReturnsByHandWithPoliciesThatDiffer() {
        // One state, two actions, r = [1, 0]; pre policy takes action 1 (reward 0), post policy action 0 (reward 1).
        double gamma = 0.9;
        double[][][] p = {{{1}, {1}}};
        ExactSolver solver = new ExactSolver(new double[][] {{1, 0}}, new double[] {1}, gamma, 3000);
        Chain pre = new Chain(p, TabularPolicy.deterministic(new int[] {1}, 2));
        Chain post = new Chain(p, TabularPolicy.deterministic(new int[] {0}, 2));
        // Branch order takes every reward under the post policy: 1/(1-γ) for any k.
        // Post-first takes rewards under the post policy for t < k only: Σ_{t<k} γ^t.
        for (int k = 0; k <= 3; k++) {
            double head = (1 - Math.pow(gamma, k)) / (1 - gamma);
            assertBranched(solver, pre, post, k, 1 / (1 - gamma), head);
        }
    }

    private static void assertBranched(ExactSolver solver, Chain pre, Chain post, int k,
                                       double branch, double postFirst) {
        assertEquals(branch, solver.branchedReturn(pre, post, k, BranchOrder.BRANCH), 1e-12, "branch order, exact, k=" + k);
        assertEquals(branch, solver.branchedReturnTruncated(pre, post, k, BranchOrder.BRANCH), 1e-12, "branch order, sum, k=" + k);
        assertEquals(postFirst, solver.branchedReturn(pre, post, k, BranchOrder.POST_FIRST), 1e-12, "post-first, exact, k=" + k);
        assertEquals(postFirst, solver.branchedReturnTruncated(pre, post, k, BranchOrder.POST_FIRST), 1e-12, "post-first, sum, k=" + k);
    }

    @Test
    void linearSolveAgreesWithTruncatedSumOnRandomInstances() {
        // γ ≤ 0.95 and H = 2000: the tail γ^H r_max/(1-γ) is below 1e-40, so only rounding separates the two.
        RandomInstances gen = RandomInstances.defaults();
        for (int i = 0; i < 200; i++) {
            TheoryInstance in = gen.instance(11, i);
            ExactSolver solver = in.solver();
            for (Chain c : new Chain[] {in.real(), in.data(), in.modelled()}) {
                double exact = solver.returnExact(c);
                assertEquals(exact, solver.returnTruncated(c), 1e-10 * (1 + Math.abs(exact)), "instance " + i);
            }
            for (BranchOrder order : BranchOrder.values()) {
                double exact = solver.branchedReturn(in.data(), in.modelled(), in.k(), order);
                assertEquals(exact, solver.branchedReturnTruncated(in.data(), in.modelled(), in.k(), order),
                        1e-10 * (1 + Math.abs(exact)), "instance " + i + ", " + order);
            }
        }
    }

    @Test
    void unbranchedSchemeIsThePlainReturn() {
        TheoryInstance in = RandomInstances.defaults().instance(3, 0);
        ExactSolver solver = in.solver();
        for (int k = 0; k < 5; k++) {
            for (BranchOrder order : BranchOrder.values()) {
                assertEquals(solver.returnExact(in.real()), solver.branchedReturn(in.real(), in.real(), k, order), 1e-10);
            }
        }
    }

    @Test
    void marginalsAreDistributions() {
        TheoryInstance in = RandomInstances.defaults().instance(5, 2);
        for (double[] d : in.solver().stateMarginals(in.data())) {
            double sum = 0;
            for (double x : d) {
                sum += x;
            }
            assertEquals(1, sum, 1e-12);
        }
    }
}
