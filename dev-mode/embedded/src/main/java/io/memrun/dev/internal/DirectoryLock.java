package io.memrun.dev.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Exclusive use of a data directory, across processes and within this JVM.
 *
 * <p>Kafka locks its log directories, but only once the broker half starts; by then a second
 * broker's controller has already opened the first one's metadata log. Taking this lock before
 * anything touches the directory turns a second {@code memrun dev} on the same data into a
 * clear error instead of two controllers writing one quorum state.
 */
public final class DirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock held in {@code lockFile}, or returns empty if someone else holds it. */
    public static Optional<DirectoryLock> tryAcquire(Path lockFile) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return Optional.of(new DirectoryLock(channel, lock));
            }
        } catch (OverlappingFileLockException heldInThisJvm) {
            // Another broker in this JVM holds it; same answer as another process.
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        return Optional.empty();
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
