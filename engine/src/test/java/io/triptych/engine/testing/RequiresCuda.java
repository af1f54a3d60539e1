package io.triptych.engine.testing;

import io.triptych.bindings.BackendUnavailableException;
import io.triptych.engine.Backend;
import io.triptych.engine.Device;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.function.Supplier;

/**
 * Runs a test class or method only where {@code Device.cuda(0)} is usable; elsewhere it is skipped, and the skip
 * reason (shown by the console launcher and in Surefire's reports, and printed once per JVM) says why: no CUDA
 * kernel library, no CUDA runtime, no driver or no GPU, with the loader's own explanation.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresCuda.Condition.class)
public @interface RequiresCuda {
    /** The JUnit side of the annotation; the verdict is computed once per JVM. */
    final class Condition implements ExecutionCondition {
        private static ConditionEvaluationResult verdict;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return verdict();
        }

        private static synchronized ConditionEvaluationResult verdict() {
            if (verdict == null) {
                verdict = evaluate(() -> Device.cuda(0).backend());
                System.out.println("@RequiresCuda: " + verdict.getReason().orElse(""));
            }
            return verdict;
        }

        /** Enabled when {@code cuda} yields a backend, disabled with the reason it could not. */
        public static ConditionEvaluationResult evaluate(Supplier<Backend> cuda) {
            try {
                Backend be = cuda.get();
                return ConditionEvaluationResult.enabled("CUDA tests run on " + be.describe());
            } catch (BackendUnavailableException e) {
                return ConditionEvaluationResult.disabled("skipped: no usable CUDA device here - "
                        + e.getMessage().lines().findFirst().orElse("cuda:0 is unavailable"));
            }
        }
    }
}
