package org.offlinepacks.api.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
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
        StoredFile file = storage.create("fw", 6);
        assertEquals(
                3,
                storage.append(file.id(), 0, new ByteArrayInputStream("abc".getBytes()))
                        .offset());
        UploadException tooLong = assertThrows(
                UploadException.class,
                () -> storage.append(file.id(), 3, new ByteArrayInputStream("defgh".getBytes())));
        assertEquals(UploadException.Reason.BAD_REQUEST, tooLong.reason());
        StoredFile complete = storage.find(file.id()).orElseThrow();
        assertTrue(complete.complete());
        try (InputStream in = storage.open(file.id())) {
            assertEquals("abcdef", new String(in.readAllBytes()));
        }
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
        StoredFile old = storage.create("fw", 10);
        StoredFile recent = storage.create("fw", 10);
        Files.setLastModifiedTime(
                folder.resolve(old.id() + ".data"), FileTime.from(Instant.now().minus(Duration.ofDays(30))));

        assertEquals(1, storage.deleteAbandoned(Instant.now().minus(Duration.ofDays(14))));
        assertTrue(storage.find(old.id()).isEmpty());
        assertTrue(storage.find(recent.id()).isPresent());
    }
}
