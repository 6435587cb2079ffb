package org.offlinepacks.api.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileStorageTest {
    @TempDir
    Path folder;

    @Test
    void chunksAppendAtTheCurrentOffsetAndNeverPastTheAnnouncedLength() throws IOException {
        LocalFileStorage storage = new LocalFileStorage(folder);
        StoredFile file = storage.create("fw", 6, "");
        assertEquals(3, append(storage, file.id(), 0, "abc", null).offset());
        UploadException tooLong =
                assertThrows(UploadException.class, () -> append(storage, file.id(), 3, "defgh", null));
        assertEquals(UploadException.Reason.PAST_ANNOUNCED_LENGTH, tooLong.reason());
        StoredFile complete = storage.find(file.id()).orElseThrow();
        assertTrue(complete.complete());
        try (InputStream in = storage.open(file.id())) {
            assertEquals("abcdef", new String(in.readAllBytes()));
        }
    }

    @Test
    void anAppendCutShortKeepsEveryByteThatArrived() throws IOException {
        LocalFileStorage storage = new LocalFileStorage(folder);
        StoredFile file = storage.create("fw", 10, "filename ZW50cmllcw==");
        FileStorage.Append cut = storage.append(file.id(), 0, null);
        cut.write("abcd".getBytes(), 0, 4);
        cut.close(); // the connection dropped
        StoredFile kept = storage.find(file.id()).orElseThrow();
        assertEquals(4, kept.offset());
        assertEquals("filename ZW50cmllcw==", kept.metadata());
    }

    @Test
    void aChecksummedChunkIsKeptOnlyWholeAndMatching() throws IOException {
        LocalFileStorage storage = new LocalFileStorage(folder);
        StoredFile file = storage.create("fw", 6, "");
        ChunkChecksum right = ChunkChecksum.parse("sha256 " + base64Sha256("abc"));
        UploadException mismatch =
                assertThrows(UploadException.class, () -> append(storage, file.id(), 0, "abx", right));
        assertEquals(UploadException.Reason.CHUNK_CHECKSUM_MISMATCH, mismatch.reason());
        assertEquals(0, storage.find(file.id()).orElseThrow().offset());

        FileStorage.Append cut = storage.append(file.id(), 0, right);
        cut.write("ab".getBytes(), 0, 2);
        cut.close();
        assertEquals(0, storage.find(file.id()).orElseThrow().offset(), "half a checksummed chunk cannot be checked");

        assertEquals(3, append(storage, file.id(), 0, "abc", right).offset());
    }

    @Test
    void aNewAppendTakesOverFromOneTheClientGaveUp() throws IOException {
        LocalFileStorage storage = new LocalFileStorage(folder);
        StoredFile file = storage.create("fw", 6, "");
        FileStorage.Append stale = storage.append(file.id(), 0, null);
        stale.write("ab".getBytes(), 0, 2);
        assertEquals(5, append(storage, file.id(), 2, "cde", null).offset());
        assertThrows(IOException.class, () -> stale.write("zz".getBytes(), 0, 2));
        try (InputStream in = storage.open(file.id())) {
            assertEquals("abcde", new String(in.readAllBytes()));
        }
    }

    private static StoredFile append(
            FileStorage storage, String fileId, long offset, String text, ChunkChecksum checksum) throws IOException {
        try (FileStorage.Append append = storage.append(fileId, offset, checksum)) {
            byte[] bytes = text.getBytes();
            append.write(bytes, 0, bytes.length);
            return append.finish();
        }
    }

    private static String base64Sha256(String text) {
        return java.util.Base64.getEncoder()
                .encodeToString(org.offlinepacks.api.bundle.Sha256.newDigest().digest(text.getBytes()));
    }

    @Test
    void unknownAndMalformedIdsAreNotFound() throws IOException {
        LocalFileStorage storage = new LocalFileStorage(folder);
        assertTrue(storage.find("../entries").isEmpty());
        assertTrue(storage.find("00000000-0000-0000-0000-000000000000").isEmpty());
    }

    @Test
    void abandonedFilesAreRemovedAndRecentOnesKept() throws IOException {
        LocalFileStorage storage = new LocalFileStorage(folder);
        StoredFile old = storage.create("fw", 10, "");
        StoredFile recent = storage.create("fw", 10, "");
        Files.setLastModifiedTime(
                folder.resolve(old.id() + ".data"), FileTime.from(Instant.now().minus(Duration.ofDays(30))));

        assertEquals(1, storage.deleteAbandoned(Instant.now().minus(Duration.ofDays(14))));
        assertTrue(storage.find(old.id()).isEmpty());
        assertTrue(storage.find(recent.id()).isPresent());
    }
}
