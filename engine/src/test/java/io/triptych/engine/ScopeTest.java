package io.triptych.engine;

import io.triptych.engine.memory.AllocatorStats;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScopeTest {
    @Test
    void closingAScopeReturnsTheAllocatorToItsBaseline() {
        AllocatorStats before = Backends.cpu().allocator().stats();
        try (Scope s = Scope.open()) {
            for (int i = 0; i < 10; i++) {
                Tensor.zeros(64, 64).add(Tensor.ones(64));
            }
            assertTrue(Backends.cpu().allocator().stats().bytesInUse() > before.bytesInUse());
        }
        AllocatorStats after = Backends.cpu().allocator().stats();
        assertEquals(before.bytesInUse(), after.bytesInUse());
        assertEquals(before.blocksInUse(), after.blocksInUse());
    }

    @Test
    void keptTensorOutlivesItsScopeAndIsFreedByTheEnclosingOne() {
        Tensor kept;
        Tensor dropped;
        try (Scope outer = Scope.open()) {
            try (Scope inner = Scope.open()) {
                kept = Tensor.of(new float[] {1, 2, 3}, 3).keep();
                dropped = Tensor.zeros(3);
            }
            assertTrue(kept.isAlive());
            assertFalse(dropped.isAlive());
            assertArrayEquals(new float[] {1, 2, 3}, kept.toFloatArray());
        }
        assertFalse(kept.isAlive());
    }

    @Test
    void usingATensorAfterItsScopeClosedThrowsNamingTheOp() {
        Tensor t;
        try (Scope s = Scope.open()) {
            t = Tensor.zeros(2, 2);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
            try (Scope s = Scope.open()) {
                t.add(t);
            }
        });
        assertTrue(e.getMessage().contains("add"), e.getMessage());
        assertTrue(e.getMessage().contains("freed when its scope closed"), e.getMessage());
        assertThrows(IllegalStateException.class, t::toFloatArray);
    }

    @Test
    void makingATensorWithoutAScopeIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(2));
        assertTrue(e.getMessage().contains("Scope.open()"), e.getMessage());
    }

    @Test
    void scopesCloseInReverseOrder() {
        Scope outer = Scope.open();
        Scope inner = Scope.open();
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        outer.close();
    }

    @Test
    void aViewKeepsStorageAliveWhileTheBaseIsFreed() {
        try (Scope outer = Scope.open()) {
            Tensor view;
            try (Scope inner = Scope.open()) {
                Tensor base = Tensor.of(new float[] {1, 2, 3, 4}, 4);
                view = base.reshape(2, 2).keep();
            }
            assertArrayEquals(new float[] {1, 2, 3, 4}, view.toFloatArray());
        }
    }

    @Test
    void detachedScopeHoldsTensorsUntilClosedExplicitly() {
        Scope model = Scope.detached("model");
        Tensor w;
        try (Scope.Entered e = model.enter()) {
            w = Tensor.ones(3);
        }
        try (Scope s = Scope.open()) {
            assertArrayEquals(new float[] {2, 2, 2}, w.add(w).toFloatArray());
        }
        assertTrue(w.isAlive());
        model.close();
        assertFalse(w.isAlive());
    }
}
