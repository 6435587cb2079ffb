package org.offlinepacks.api.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The launcher ({@code api/src/main/dist/offline-packs}) starts the jar beside it with its
 * class-data-sharing archive. The JVM uses an archive only for the jar path it was made with, so an
 * operator who copies the launcher and jar to their own folder would start without it for ever:
 * the launcher makes it again there, once. Run here on a tiny jar in place of the service's.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("src/main/dist/offline-packs");
    private static final String SHARED = "source: shared objects file";

    @TempDir
    Path dir;

    @Test
    void theArchiveIsMadeAgainWhereTheJarIsAndThenUsed() throws Exception {
        Path installed = install(dir.resolve("first"));

        Run first = run(installed);
        assertEquals(0, first.exitCode(), first.output());
        assertTrue(first.output().contains("hello from the jar"), first.output());
        assertTrue(Files.size(installed.resolve("offline-packs.jsa")) > 0, "the archive was made at the first run");
        assertTrue(
                Files.readString(installed.resolve("offline-packs.jsa.jar"))
                        .startsWith(installed.resolve("offline-packs.jar").toString() + " "),
                "the archive says which jar it fits");

        Run second = run(installed);
        assertTrue(second.output().contains(LauncherHello.class.getName() + " " + SHARED), second.output());
        assertTrue(
                second.output().contains(CommandLine.class.getName() + " " + SHARED),
                "picocli, compiled for Java 17 by the build, is in the archive too: " + second.output());

        Path copied = dir.resolve("copied");
        Files.createDirectories(copied);
        for (String file :
                List.of("offline-packs", "offline-packs.jar", "offline-packs.jsa", "offline-packs.jsa.jar")) {
            Files.copy(installed.resolve(file), copied.resolve(file));
        }
        copied.resolve("offline-packs").toFile().setExecutable(true);
        Run fromTheCopy = run(copied);
        assertEquals(0, fromTheCopy.exitCode(), fromTheCopy.output());
        assertTrue(
                !fromTheCopy.output().contains(LauncherHello.class.getName() + " " + SHARED),
                "the archive made for the first folder does not fit the copy");
        Run again = run(copied);
        assertTrue(
                again.output().contains(LauncherHello.class.getName() + " " + SHARED),
                "the copy made its own archive: " + again.output());
    }

    /** The launcher and a jar with picocli whose main class says hello, in {@code folder}. */
    private static Path install(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.copy(LAUNCHER, folder.resolve("offline-packs"));
        folder.resolve("offline-packs").toFile().setExecutable(true);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherHello.class.getName());
        List<String> entries = new ArrayList<>(picocliClasses());
        entries.add(LauncherHello.class.getName().replace('.', '/') + ".class");
        try (OutputStream file = Files.newOutputStream(folder.resolve("offline-packs.jar"));
                JarOutputStream jar = new JarOutputStream(file, manifest)) {
            for (String entry : entries) {
                try (InputStream bytes = LauncherTest.class.getClassLoader().getResourceAsStream(entry)) {
                    jar.putNextEntry(new JarEntry(entry));
                    bytes.transferTo(jar);
                    jar.closeEntry();
                }
            }
        }
        return folder;
    }

    /** The class files of the picocli this module runs with (target/classes, as in the service's jar). */
    private static List<String> picocliClasses() throws IOException {
        Path root;
        try {
            root = Path.of(CommandLine.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (FileSystem jar = Files.isDirectory(root) ? null : FileSystems.newFileSystem(root);
                Stream<Path> files = Files.walk(jar == null ? root.resolve("picocli") : jar.getPath("/picocli"))) {
            Path base = jar == null ? root : jar.getPath("/");
            return files.filter(file -> file.toString().endsWith(".class"))
                    .map(file -> base.relativize(file).toString())
                    .toList();
        }
    }

    private record Run(int exitCode, String output) {}

    /** {@code offline-packs --version} through the launcher, with the classes' sources logged. */
    private static Run run(Path folder) throws IOException, InterruptedException {
        ProcessBuilder launcher = new ProcessBuilder(
                        "sh", folder.resolve("offline-packs").toString(), "--version")
                .redirectErrorStream(true);
        launcher.environment()
                .put(
                        "JAVA",
                        Path.of(System.getProperty("java.home"), "bin", "java").toString());
        launcher.environment().put("JAVA_OPTS", "-Xlog:class+load=info");
        Process process = launcher.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }
}
