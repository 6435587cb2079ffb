package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real, small file system (tmpfs) for disk-full tests, mounted for the test and unmounted after.
 * Mounting needs root; without it the test is skipped, not failed.
 */
final class SmallDisk implements AutoCloseable {
    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** A tmpfs of {@code sizeKb} at {@code mountPoint}, filled until only {@code freeKb} are left. */
    static SmallDisk mount(Path mountPoint, int sizeKb, int freeKb) throws IOException, InterruptedException {
        Files.createDirectories(mountPoint);
        assumeTrue(
                run("mount", "-t", "tmpfs", "-o", "size=" + sizeKb + "k", "tmpfs", mountPoint.toString()),
                "mounting a small tmpfs needs root");
        SmallDisk disk = new SmallDisk(mountPoint);
        try (OutputStream filler = Files.newOutputStream(mountPoint.resolve("filler"))) {
            byte[] block = new byte[1024];
            for (int kb = 0; kb < sizeKb - freeKb; kb++) {
                filler.write(block);
            }
        } catch (IOException e) {
            disk.close();
            throw e;
        }
        return disk;
    }

    Path path() {
        return mountPoint;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (!run("umount", mountPoint.toString())) {
            throw new IOException("cannot unmount the test tmpfs at " + mountPoint);
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return false; // no mount command here
        }
        process.getInputStream().readAllBytes();
        return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
    }
}
