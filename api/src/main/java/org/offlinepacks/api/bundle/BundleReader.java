package org.offlinepacks.api.bundle;

import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.offlinepacks.api.signing.Ed25519;
import org.offlinepacks.api.signing.ManifestSignatures;

/**
 * Reads a bundle.zip without trusting it: its manifest.json is read first (at most {@link
 * #MAX_MANIFEST_BYTES}), and then every entry is inflated only up to the size that manifest declares
 * for it, and the whole bundle only up to {@link #MAX_TOTAL_BYTES}, so a zip bomb costs no more
 * than an honest pack of the sizes it claims. Problems are sentences, like {@link PackVerifier}'s.
 */
final class BundleReader implements Closeable {
    static final long MAX_MANIFEST_BYTES = 1L << 20;
    /** Far above any pack a phone can hold (the tile budget is tens of thousands of tiles). */
    static final long MAX_TOTAL_BYTES = 8L << 30;

    /** Takes one entry's content; the stream ends where the manifest says the entry ends. */
    interface EntrySink {
        void accept(String path, InputStream content) throws IOException;
    }

    private final Path bundle;
    private final ZipFile zip;

    private BundleReader(Path bundle, ZipFile zip) {
        this.bundle = bundle;
        this.zip = zip;
    }

    /** The bundle, or an {@link IOException} whose message says it is not a readable zip. */
    static BundleReader open(Path bundle) throws IOException {
        try {
            return new BundleReader(bundle, new ZipFile(bundle.toFile()));
        } catch (ZipException e) {
            throw new IOException(bundle + " is not a readable zip file: " + e.getMessage(), e);
        }
    }

    /** The bytes of the bundle's manifest.json, or null after adding why they cannot be read. */
    byte[] manifestBytes(List<String> problems) throws IOException {
        ZipEntry entry = zip.getEntry(PackManifest.FILE_NAME);
        if (entry == null) {
            problems.add("bundle " + bundle.getFileName() + " has no " + PackManifest.FILE_NAME);
            return null;
        }
        try (InputStream in = new Bounded(zip.getInputStream(entry), PackManifest.FILE_NAME, MAX_MANIFEST_BYTES)) {
            return in.readAllBytes();
        } catch (TooLarge e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /**
     * The sizes the manifest declares: manifest.json itself, its signature (which bundles built
     * before packs were signed lack), then every part, by path.
     */
    static Map<String, Long> declaredSizes(PackManifest manifest, long manifestBytes) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put(PackManifest.FILE_NAME, manifestBytes);
        sizes.put(ManifestSignatures.FILE_NAME, (long) Ed25519.SIGNATURE_BYTES);
        manifest.parts().forEach(part -> sizes.put(part.path(), part.size()));
        return sizes;
    }

    static long total(Map<String, Long> declared) {
        return declared.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Hands every entry the manifest lists to {@code sink}, inflated no further than declared, and
     * returns the problems: entries not listed (not inflated at all), listed ones missing or larger
     * than declared, and a declared total over {@link #MAX_TOTAL_BYTES} (then nothing is read).
     */
    List<String> read(Map<String, Long> declared, EntrySink sink) throws IOException {
        List<String> problems = new ArrayList<>();
        if (total(declared) > MAX_TOTAL_BYTES) {
            problems.add("the manifest declares " + total(declared) + " bytes, more than the " + MAX_TOTAL_BYTES
                    + " a bundle may unpack to; not unpacked");
            return problems;
        }
        Set<String> seen = new HashSet<>();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            String name = entry.getName();
            Long size = declared.get(name);
            if (size == null || entry.isDirectory()) {
                problems.add("bundle entry " + name + " is not listed in the manifest");
                continue;
            }
            if (!seen.add(name)) {
                problems.add("bundle entry " + name + " appears more than once");
                continue;
            }
            try (InputStream in = new Bounded(zip.getInputStream(entry), name, size)) {
                sink.accept(name, in);
            } catch (TooLarge tooLarge) {
                problems.add(tooLarge.getMessage());
            }
        }
        declared.keySet().stream()
                .filter(path -> !seen.contains(path) && !path.equals(ManifestSignatures.FILE_NAME))
                .forEach(path -> problems.add("bundle has no entry " + path));
        return problems;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    /** An entry that inflates past its declared size. */
    private static final class TooLarge extends IOException {
        TooLarge(String entry, long limit) {
            super("bundle entry " + entry + " inflates to more than the " + limit
                    + " bytes the manifest declares; not unpacked further");
        }
    }

    /** The entry's content, failing with {@link TooLarge} at the first byte past {@code limit}. */
    private static final class Bounded extends FilterInputStream {
        private final String entry;
        private final long limit;
        private long read;

        Bounded(InputStream in, String entry, long limit) {
            super(in);
            this.entry = entry;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // ask for one byte more than allowed at most, so that a longer entry is seen without inflating it
            long allowed = limit - read + 1;
            int n = super.read(buffer, offset, (int) Math.min(length, Math.max(1, allowed)));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            int skipped = read(new byte[(int) Math.min(Math.max(n, 0), 8192)]); // counted like a read
            return Math.max(skipped, 0);
        }

        private void count(long n) throws TooLarge {
            read += n;
            if (read > limit) {
                throw new TooLarge(entry, limit);
            }
        }
    }
}
