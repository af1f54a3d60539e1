package io.triptych.engine;

import io.triptych.engine.autograd.Node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Reverse-mode differentiation over the recorded graph, as Tensor.backward() runs it. */
final class Backprop {
    private Backprop() {
    }

    static void run(Tensor root, Tensor rootGrad) {
        try (Grad.Mode off = Grad.off()) {
            List<Tensor> order = topologicalOrder(root);
            Map<Tensor, Tensor> grads = new IdentityHashMap<>();
            grads.put(root, rootGrad);
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.remove(t);
                if (g == null) {
                    continue;
                }
                Node node = t.gradFn();
                if (node == null) {
                    t.accumulateGrad(g);
                    continue;
                }
                Tensor[] inputGrads = node.backward(g);
                if (inputGrads.length != node.inputCount()) {
                    throw new IllegalStateException(node.name() + ".backward returned " + inputGrads.length
                            + " gradients for " + node.inputCount() + " inputs");
                }
                for (int k = 0; k < inputGrads.length; k++) {
                    Tensor in = node.input(k);
                    Tensor gk = inputGrads[k];
                    if (gk == null || !in.requiresGrad()) {
                        continue;
                    }
                    if (!java.util.Arrays.equals(gk.shape(), in.shape())) {
                        throw new IllegalStateException(node.name() + ".backward gave a gradient of shape "
                                + Shapes.str(gk.shape()) + " for input " + k + " of shape " + Shapes.str(in.shape()));
                    }
                    Tensor prev = grads.get(in);
                    grads.put(in, prev == null ? gk : prev.add(gk));
                }
            }
        }
    }

    /** Tensors reachable from root through grad-requiring inputs, each after all of its inputs. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Node node = t.gradFn();
            if (node != null && next < node.inputCount()) {
                frame[1] = next + 1;
                Tensor in = node.input(next);
                if (in.requiresGrad() && !visited.containsKey(in)) {
                    visited.put(in, Boolean.TRUE);
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
