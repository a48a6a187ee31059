package io.ib3.work;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkersTest {

    @Test
    void pendingWorkRunsBesideTheCallerAndHandsBackItsResult() throws Exception {
        CountDownLatch callerReached = new CountDownLatch(1);
        Workers.Pending<String> p = Workers.start("test-pending", () -> {
            try {
                // the work waits for the caller: it only finishes if it really runs on its own thread
                assertTrue(callerReached.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return Thread.currentThread().getName();
        });
        callerReached.countDown();
        assertEquals("test-pending", p.join());
    }

    @Test
    void aRuntimeExceptionOfTheWorkIsThrownAsItWasByJoin() {
        IllegalArgumentException thrown = new IllegalArgumentException("bad parent");
        Workers.Pending<String> p = Workers.start("test-failing", () -> {
            throw thrown;
        });
        assertSame(thrown, assertThrows(IllegalArgumentException.class, p::join));
    }

    @Test
    void closingWorkWhoseResultWasNotTakenInterruptsIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Workers.Pending<String> p = Workers.start("test-abandoned", () -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "late";
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        p.close();
        assertTrue(interrupted.await(10, TimeUnit.SECONDS));
    }

    @Test
    void closingAfterTheResultWasTakenChangesNothing() throws Exception {
        try (Workers.Pending<Integer> p = Workers.start("test-done", () -> 42)) {
            assertEquals(42, p.join());
            p.close();
            assertEquals(42, p.join());
        }
    }
}
