package org.mbpo.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma & Ba 2015) over all of an ensemble's parameters, in TensorFlow's form as the reference
 * implementation uses it: {@code lr_t = lr √(1 − β2^t) / (1 − β1^t)}, {@code p −= lr_t m / (√v + ε)}.
 * Weight decay enters as an L2 term of the loss ({@code decay_l · W_l} added to the weights' gradient),
 * not as decoupled decay. Its moments persist across trainings, as the reference's optimiser does.
 */
final class Adam {
    private static final int CHUNK = 1 << 15;

    private final double learningRate;
    private final double beta1;
    private final double beta2;
    private final float epsilon;
    final Block m;
    final Block v;
    long steps;
    /** {offset, length, decay bits} of each piece of work. */
    private final List<int[]> pieces = new ArrayList<>();
    private final float[] decayOf;

    Adam(GaussianEnsemble net, LayerDecays decays, double learningRate, double beta1, double beta2, double epsilon) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = (float) epsilon;
        this.m = Block.allocate(net.size);
        this.v = Block.allocate(net.size);
        List<Float> decayList = new ArrayList<>();
        for (int l = 0; l <= net.hiddenLayers; l++) {
            addRegion(net.weightStart[l], net.biasStart[l] - net.weightStart[l], (float) decays.get(l), decayList);
            int biasEnd = l < net.hiddenLayers ? net.weightStart[l + 1] : net.maxLogVarOffset;
            addRegion(net.biasStart[l], biasEnd - net.biasStart[l], 0f, decayList);
        }
        addRegion(net.maxLogVarOffset, net.size - net.maxLogVarOffset, 0f, decayList);
        decayOf = new float[decayList.size()];
        for (int i = 0; i < decayOf.length; i++) {
            decayOf[i] = decayList.get(i);
        }
    }

    private void addRegion(int start, int length, float decay, List<Float> decayList) {
        for (int off = 0; off < length; off += CHUNK) {
            pieces.add(new int[] {start + off, Math.min(CHUNK, length - off), decayList.size()});
            decayList.add(decay);
        }
    }

    /** One step: updates {@code net}'s parameters in place from {@code grad} (the data gradient without decay). */
    void updateInPlace(GaussianEnsemble net, Block grad, Workers workers) {
        steps++;
        double lrT = learningRate * Math.sqrt(1 - Math.pow(beta2, steps)) / (1 - Math.pow(beta1, steps));
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float lr = (float) lrT;
        workers.run(pieces.size(), i -> {
            int[] piece = pieces.get(i);
            Kernels.adam(net.params, grad, m, v, piece[0], piece[1], decayOf[piece[2]], b1, b2, lr, epsilon);
        });
        net.parametersChanged();
    }
}
