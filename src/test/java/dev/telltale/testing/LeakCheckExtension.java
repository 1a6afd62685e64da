package dev.telltale.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registered for every test class (junit-platform.properties): after the class, collect
 * garbage and make the detector poll, then fail if any ByteBuf was garbage-collected unreleased.
 */
public final class LeakCheckExtension implements AfterAllCallback {

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            // The detector reports collected leaks when a new tracked buffer is allocated.
            ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(8);
            pooled.release();
            ByteBuf heap = PooledByteBufAllocator.DEFAULT.heapBuffer(8);
            heap.release();
            ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.directBuffer(8);
            unpooled.release();
        }
        List<String> leaks = RecordingLeakDetector.drain();
        assertThat(leaks).as("ByteBuf leaks detected after " + context.getDisplayName()).isEmpty();
    }
}
