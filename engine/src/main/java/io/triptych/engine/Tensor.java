package io.triptych.engine;

import io.triptych.engine.autograd.Node;
import io.triptych.engine.ops.F;
import io.triptych.engine.random.Generator;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * An n-dimensional array on a device: shape, dtype, contiguous row-major storage in native memory, and the
 * autograd state. Made inside a {@link Scope}, which frees it; ops are in {@link F}, and the common ones are
 * mirrored here as methods ({@code a.add(b).relu()}).
 */
public class Tensor {
    private final int[] shape;
    private final long numel;
    private final DType dtype;
    private final Device device;
    private final Storage storage;
    private Scope owner;
    private boolean freed;

    private boolean requiresGrad;
    private Tensor grad;
    private Node gradFn;

    /** A new tensor of uninitialised memory owned by {@code scope}. */
    private Tensor(Scope scope, Backend backend, DType dtype, int[] shape) {
        this.shape = shape.clone();
        this.numel = Shapes.numel(shape);
        this.dtype = dtype;
        this.device = backend.device();
        this.storage = new Storage(backend, numel * dtype.byteSize());
        scope.adopt(this);
    }

    /** A view of {@code base}'s storage with another shape (same element count), owned by the current scope. */
    private Tensor(Tensor base, int[] shape) {
        this.shape = shape.clone();
        this.numel = base.numel;
        this.dtype = base.dtype;
        this.device = base.device;
        base.storage.retain();
        this.storage = base.storage;
        try {
            Scope.current().adopt(this);
        } catch (RuntimeException e) {
            storage.release();
            throw e;
        }
    }

    /** Takes over {@code source}'s storage and ownership; {@code source} must not be used afterwards. */
    protected Tensor(Tensor source) {
        source.checkAlive("wrap");
        this.shape = source.shape;
        this.numel = source.numel;
        this.dtype = source.dtype;
        this.device = source.device;
        this.storage = source.storage;
        source.storage.retain();
        Scope scope = source.owner;
        source.free();
        scope.adopt(this);
    }

    // ------------------------------------------------------------------ factories

    /** Uninitialised memory on {@code device}, owned by the current scope. */
    public static Tensor empty(Device device, DType dtype, int... shape) {
        return new Tensor(Scope.current(), device.backend(), dtype, shape);
    }

    /** Uninitialised memory owned by {@code scope} (which need not be current). */
    public static Tensor emptyIn(Scope scope, Device device, DType dtype, int... shape) {
        return new Tensor(scope, device.backend(), dtype, shape);
    }

    public static Tensor empty(int... shape) {
        return empty(Device.cpu(), DType.F32, shape);
    }

    public static Tensor zeros(int... shape) {
        return full(Device.cpu(), 0f, shape);
    }

    public static Tensor zeros(Device device, int... shape) {
        return full(device, 0f, shape);
    }

    public static Tensor ones(int... shape) {
        return full(Device.cpu(), 1f, shape);
    }

    public static Tensor ones(Device device, int... shape) {
        return full(device, 1f, shape);
    }

    public static Tensor full(Device device, float value, int... shape) {
        Tensor t = empty(device, DType.F32, shape);
        t.fill(value);
        return t;
    }

    public static Tensor zerosLike(Tensor t) {
        return zeros(t.device, t.shape);
    }

    public static Tensor onesLike(Tensor t) {
        return ones(t.device, t.shape);
    }

    /** A CPU tensor holding a copy of {@code data}, which must have exactly the shape's element count. */
    public static Tensor of(float[] data, int... shape) {
        return of(Device.cpu(), data, shape);
    }

    public static Tensor of(Device device, float[] data, int... shape) {
        Tensor t = empty(device, DType.F32, shape);
        t.copyFrom(data);
        return t;
    }

    /** A one-element F32 tensor of shape [] holding {@code value}. */
    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    /** An I32 tensor (indices, labels) holding a copy of {@code data}. */
    public static Tensor ofInts(Device device, int[] data, int... shape) {
        Tensor t = empty(device, DType.I32, shape);
        checkLength(data.length, t);
        t.copyIn(MemorySegment.ofArray(data));
        return t;
    }

    public static Tensor ofInts(int[] data, int... shape) {
        return ofInts(Device.cpu(), data, shape);
    }

    /** An I64 tensor holding a copy of {@code data}. */
    public static Tensor ofLongs(Device device, long[] data, int... shape) {
        Tensor t = empty(device, DType.I64, shape);
        checkLength(data.length, t);
        t.copyIn(MemorySegment.ofArray(data));
        return t;
    }

    /** Standard normal samples from {@code gen}. */
    public static Tensor randn(Generator gen, Device device, int... shape) {
        return gen.normal(device, 0f, 1f, shape);
    }

    public static Tensor randn(Generator gen, int... shape) {
        return gen.normal(Device.cpu(), 0f, 1f, shape);
    }

    /** Uniform samples in [0, 1) from {@code gen}. */
    public static Tensor rand(Generator gen, int... shape) {
        return gen.uniform(Device.cpu(), 0f, 1f, shape);
    }

    // ------------------------------------------------------------------ properties

    public int[] shape() {
        return shape.clone();
    }

    /** Size of dimension {@code d} (negative counts from the end). */
    public int dim(int d) {
        return shape[Shapes.dim("dim", d, shape)];
    }

    public int rank() {
        return shape.length;
    }

    public long numel() {
        return numel;
    }

    public DType dtype() {
        return dtype;
    }

    public Device device() {
        return device;
    }

    public Backend backend() {
        return storage.backend();
    }

    public boolean isAlive() {
        return !freed;
    }

    /** The scope that frees this tensor. */
    public Scope scope() {
        return owner;
    }

    Scope owner() {
        return owner;
    }

    void setOwner(Scope scope) {
        this.owner = scope;
    }

    /** The tensor's memory, for passing to kernels; IllegalStateException once its scope has closed. */
    public MemorySegment data() {
        checkAlive("data");
        return storage.segment();
    }

    /** Throws IllegalStateException naming {@code op} when this tensor's memory has been freed. */
    public void checkAlive(String op) {
        if (freed) {
            throw new IllegalStateException(op + ": tensor " + Shapes.str(shape) + " " + dtype + " on " + device
                    + " was freed when its scope closed; keep() it or make it in an enclosing scope");
        }
    }

    // ------------------------------------------------------------------ host transfer

    /** Writes {@code data} into this F32 tensor in place (not recorded by autograd). */
    public Tensor copyFrom(float[] data) {
        if (dtype != DType.F32) {
            throw new IllegalArgumentException("copyFrom(float[]): tensor is " + dtype + ", not F32");
        }
        checkLength(data.length, this);
        copyIn(MemorySegment.ofArray(data));
        return this;
    }

    private void copyIn(MemorySegment heap) {
        checkAlive("copyFrom");
        if (device.kind() == Device.Kind.CPU) {
            backend().copyFromHost(heap, data(), heap.byteSize());
        } else {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment staging = arena.allocate(heap.byteSize(), 64);
                staging.copyFrom(heap);
                backend().copyFromHost(staging, data(), heap.byteSize());
            }
        }
    }

    private static void checkLength(int length, Tensor t) {
        if (length != t.numel) {
            throw new IllegalArgumentException("data has " + length + " elements but shape " + Shapes.str(t.shape)
                    + " needs " + t.numel);
        }
    }

    private MemorySegment hostCopy(Arena arena) {
        checkAlive("read");
        MemorySegment host = arena.allocate(storage.bytes(), 64);
        backend().copyToHost(data(), host, storage.bytes());
        return host;
    }

    public float[] toFloatArray() {
        requireDtype("toFloatArray", DType.F32);
        try (Arena arena = Arena.ofConfined()) {
            return hostCopy(arena).toArray(ValueLayout.JAVA_FLOAT);
        }
    }

    public int[] toIntArray() {
        requireDtype("toIntArray", DType.I32);
        try (Arena arena = Arena.ofConfined()) {
            return hostCopy(arena).toArray(ValueLayout.JAVA_INT);
        }
    }

    public long[] toLongArray() {
        requireDtype("toLongArray", DType.I64);
        try (Arena arena = Arena.ofConfined()) {
            return hostCopy(arena).toArray(ValueLayout.JAVA_LONG);
        }
    }

    /** The single value of a one-element F32 tensor. */
    public float item() {
        if (numel != 1) {
            throw new IllegalArgumentException("item(): tensor has shape " + Shapes.str(shape) + " (" + numel
                    + " elements), not one element");
        }
        return toFloatArray()[0];
    }

    private void requireDtype(String op, DType expected) {
        if (dtype != expected) {
            throw new IllegalArgumentException(op + ": tensor is " + dtype + ", not " + expected);
        }
    }

    /** A copy on {@code target} (this tensor itself when already there). Recorded by autograd. */
    public Tensor to(Device target) {
        return F.to(this, target);
    }

    /** Sets every element to {@code value} in place (not recorded by autograd). */
    public Tensor fill(float value) {
        F.fill(this, value);
        return this;
    }

    // ------------------------------------------------------------------ scopes

    /** Moves this tensor to the scope enclosing its current one, so it outlives that scope; returns this. */
    public Tensor keep() {
        checkAlive("keep");
        Scope parent = owner.parent();
        if (parent == null) {
            throw new IllegalStateException("keep(): " + owner + " has no enclosing scope to keep tensor "
                    + Shapes.str(shape) + " in");
        }
        parent.adopt(this);
        return this;
    }

    /** Moves this tensor (and its gradient) to {@code scope}; returns this. */
    public Tensor moveTo(Scope scope) {
        checkAlive("moveTo");
        scope.adopt(this);
        if (grad != null) {
            scope.adopt(grad);
        }
        return this;
    }

    /** Releases this tensor's reference to its memory; called when its scope closes. */
    void free() {
        if (!freed) {
            freed = true;
            storage.release();
            gradFn = null;
        }
    }

    // ------------------------------------------------------------------ autograd

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf F32 tensor as a variable whose gradient backward() accumulates; returns this. */
    public Tensor requiresGrad(boolean on) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad(" + on + "): only leaf tensors can change it; this one was "
                    + "made by " + gradFn.name() + " (use detach())");
        }
        if (on && dtype != DType.F32) {
            throw new IllegalArgumentException("requiresGrad: only F32 tensors can have gradients, this one is " + dtype);
        }
        requiresGrad = on;
        return this;
    }

    /** The accumulated gradient of a leaf, or null before the first backward(). */
    public Tensor grad() {
        return grad;
    }

    /** Zeroes the accumulated gradient in place (keeping its memory for the next step). */
    public void zeroGrad() {
        if (grad != null) {
            grad.fill(0f);
        }
    }

    /** The op that made this tensor, or null for a leaf. */
    public Node gradFn() {
        return gradFn;
    }

    public boolean isLeaf() {
        return gradFn == null;
    }

    /**
     * Records that {@code node} made this tensor, when recording is on and some input needs a gradient. For op
     * implementations; returns this.
     */
    public Tensor recordedBy(Node node) {
        if (!Grad.isEnabled()) {
            return this;
        }
        for (int i = 0; i < node.inputCount(); i++) {
            if (node.input(i).requiresGrad()) {
                gradFn = node;
                requiresGrad = true;
                return this;
            }
        }
        return this;
    }

    /** A tensor sharing this one's memory with no autograd history. */
    public Tensor detach() {
        checkAlive("detach");
        return new Tensor(this, shape);
    }

    /** Back-propagates from this scalar (e.g. a loss), accumulating gradients into the leaves that require them. */
    public void backward() {
        checkAlive("backward");
        if (numel != 1) {
            throw new IllegalArgumentException("backward(): tensor has shape " + Shapes.str(shape)
                    + "; only a one-element tensor can be differentiated without an explicit gradient");
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward(): this tensor does not require grad (no input required grad, "
                    + "or it was made under Grad.off())");
        }
        float value = item();
        if (!Float.isFinite(value)) {
            throw new ArithmeticException("backward(): the loss is " + value + " (made by "
                    + (gradFn == null ? "a leaf" : gradFn.name()) + "); training has diverged or an input holds NaN/Inf");
        }
        Backprop.run(this, onesLike(this));
    }

    /** Back-propagates {@code gradient} (same shape as this tensor). */
    public void backward(Tensor gradient) {
        checkAlive("backward");
        if (!Arrays.equals(gradient.shape, shape)) {
            throw new IllegalArgumentException("backward(gradient): gradient shape " + Shapes.str(gradient.shape)
                    + " differs from tensor shape " + Shapes.str(shape));
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward(): this tensor does not require grad");
        }
        Backprop.run(this, gradient);
    }

    /** Adds {@code g} to this leaf's gradient, which lives in the leaf's own scope. */
    void accumulateGrad(Tensor g) {
        if (grad == null || !grad.isAlive()) {
            grad = emptyIn(owner, device, DType.F32, shape);
            F.copyInto(g, grad);
        } else {
            F.addInto(grad, g);
        }
    }

    // ------------------------------------------------------------------ views

    /** A view with another shape of the same element count; one dim may be -1 (inferred). */
    public Tensor reshape(int... newShape) {
        return F.reshape(this, newShape);
    }

    /** Used by F.reshape: the raw view, without autograd. */
    public Tensor viewAs(int... newShape) {
        checkAlive("reshape");
        return new Tensor(this, newShape);
    }

    // ------------------------------------------------------------------ ops (see F for all of them)

    public Tensor add(Tensor other) {
        return F.add(this, other);
    }

    public Tensor add(float value) {
        return F.affine(this, 1f, value);
    }

    public Tensor sub(Tensor other) {
        return F.sub(this, other);
    }

    public Tensor sub(float value) {
        return F.affine(this, 1f, -value);
    }

    public Tensor mul(Tensor other) {
        return F.mul(this, other);
    }

    public Tensor mul(float value) {
        return F.affine(this, value, 0f);
    }

    public Tensor div(Tensor other) {
        return F.div(this, other);
    }

    public Tensor div(float value) {
        return F.affine(this, 1f / value, 0f);
    }

    public Tensor neg() {
        return F.neg(this);
    }

    public Tensor exp() {
        return F.exp(this);
    }

    public Tensor log() {
        return F.log(this);
    }

    public Tensor sqrt() {
        return F.sqrt(this);
    }

    public Tensor square() {
        return F.square(this);
    }

    public Tensor abs() {
        return F.abs(this);
    }

    public Tensor pow(float exponent) {
        return F.pow(this, exponent);
    }

    public Tensor pow(Tensor exponent) {
        return F.pow(this, exponent);
    }

    public Tensor clamp(float min, float max) {
        return F.clamp(this, min, max);
    }

    public Tensor relu() {
        return F.relu(this);
    }

    public Tensor sigmoid() {
        return F.sigmoid(this);
    }

    public Tensor tanh() {
        return F.tanh(this);
    }

    public Tensor silu() {
        return F.silu(this);
    }

    public Tensor matmul(Tensor other) {
        return F.matmul(this, other);
    }

    public Tensor permute(int... dims) {
        return F.permute(this, dims);
    }

    public Tensor transpose(int dim0, int dim1) {
        return F.transpose(this, dim0, dim1);
    }

    public Tensor slice(int dim, int start, int end) {
        return F.slice(this, dim, start, end);
    }

    /** Flattens dims from {@code startDim} on into one. */
    public Tensor flatten(int startDim) {
        return F.flatten(this, startDim);
    }

    public Tensor sum() {
        return F.sum(this);
    }

    public Tensor sum(int[] dims, boolean keepDim) {
        return F.sum(this, dims, keepDim);
    }

    public Tensor mean() {
        return F.mean(this);
    }

    public Tensor mean(int[] dims, boolean keepDim) {
        return F.mean(this, dims, keepDim);
    }

    public Tensor softmax(int dim) {
        return F.softmax(this, dim);
    }

    public Tensor logSoftmax(int dim) {
        return F.logSoftmax(this, dim);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor").append(Shapes.str(shape)).append(' ').append(dtype).append(' ')
                .append(device);
        if (freed) {
            return sb.append(" (freed)").toString();
        }
        if (gradFn != null) {
            sb.append(" grad_fn=").append(gradFn.name());
        } else if (requiresGrad) {
            sb.append(" requires_grad");
        }
        if (numel <= 16 && dtype == DType.F32) {
            sb.append(' ').append(Arrays.toString(toFloatArray()));
        }
        return sb.toString();
    }
}
