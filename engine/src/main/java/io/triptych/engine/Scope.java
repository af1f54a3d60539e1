package io.triptych.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns native memory. Every tensor belongs to exactly one scope, the innermost one open on its thread when it was
 * made; closing the scope frees every tensor it still owns. {@link Tensor#keep()} hands a tensor to the
 * enclosing scope, so results outlive the temporaries that made them:
 *
 * <pre>{@code
 * try (Scope s = Scope.open()) {
 *     Tensor loss = model.forward(x).sub(y).square().mean();
 *     loss.backward();
 *     result = loss.keep();          // survives s.close(); everything else made inside is freed
 * }
 * }</pre>
 *
 * A detached scope ({@link #detached}) is not on the thread's stack: a model keeps its parameters in one, and code
 * makes tensors in it by {@link #enter()}ing it. Scopes are confined to their thread.
 */
public final class Scope implements AutoCloseable {
    private static final ThreadLocal<ArrayDeque<Scope>> STACK = ThreadLocal.withInitial(ArrayDeque::new);

    private final String name;
    private final Scope parent;
    private final boolean detached;
    private final List<Tensor> owned = new ArrayList<>();
    private boolean closed;

    private Scope(String name, Scope parent, boolean detached) {
        this.name = name;
        this.parent = parent;
        this.detached = detached;
    }

    /** Opens a scope nested in the current one (if any) and makes it current on this thread. */
    public static Scope open() {
        ArrayDeque<Scope> stack = STACK.get();
        Scope s = new Scope("scope", stack.peek(), false);
        stack.push(s);
        return s;
    }

    /** A scope that lives until closed explicitly, e.g. a model's parameters; not current until entered. */
    public static Scope detached(String name) {
        return new Scope(name, null, true);
    }

    /** The innermost scope open on this thread. */
    public static Scope current() {
        Scope s = STACK.get().peek();
        if (s == null) {
            throw new IllegalStateException("no open Scope on this thread: tensors own native memory, so make them "
                    + "inside try (Scope s = Scope.open()) { ... }");
        }
        return s;
    }

    /** Whether a scope is open on this thread. */
    public static boolean isOpen() {
        return !STACK.get().isEmpty();
    }

    /** Makes this (detached) scope current until the returned handle is closed; closing it does not free. */
    public Entered enter() {
        checkOpen("enter");
        STACK.get().push(this);
        return new Entered(this);
    }

    /** Handle returned by {@link #enter()}. */
    public static final class Entered implements AutoCloseable {
        private final Scope scope;
        private boolean left;

        private Entered(Scope scope) {
            this.scope = scope;
        }

        @Override
        public void close() {
            if (!left) {
                left = true;
                popExpecting(scope, "leave");
            }
        }
    }

    /** Takes ownership of {@code t} away from its current scope. */
    void adopt(Tensor t) {
        checkOpen("adopt a tensor into");
        owned.add(t);
        t.setOwner(this);
    }

    /** The scope {@link Tensor#keep()} moves tensors to. */
    Scope parent() {
        return parent;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Number of live tensors this scope owns. */
    public int liveTensors() {
        int n = 0;
        for (Tensor t : owned) {
            if (t.owner() == this && t.isAlive()) {
                n++;
            }
        }
        return n;
    }

    private void checkOpen(String what) {
        if (closed) {
            throw new IllegalStateException("cannot " + what + " scope '" + name + "': it is closed");
        }
    }

    private static void popExpecting(Scope s, String what) {
        ArrayDeque<Scope> stack = STACK.get();
        if (stack.peek() != s) {
            throw new IllegalStateException("cannot " + what + " scope '" + s.name + "': it is not the innermost open "
                    + "scope on this thread (scopes close in reverse order of opening)");
        }
        stack.pop();
    }

    /** Frees every tensor this scope still owns. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (!detached) {
            popExpecting(this, "close");
        }
        closed = true;
        for (Tensor t : owned) {
            if (t.owner() == this) {
                t.free();
            }
        }
        owned.clear();
    }

    @Override
    public String toString() {
        return "Scope[" + name + (closed ? ", closed" : "") + "]";
    }
}
