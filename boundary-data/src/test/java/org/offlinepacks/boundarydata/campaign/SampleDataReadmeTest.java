package org.offlinepacks.boundarydata.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SampleDataReadmeTest {
    private static final Path SAMPLE_DATA = SampleCampaign.FOLDER.getParent();
    private static final Pattern TABLE_ROW_PATH = Pattern.compile("^\\| `([^`]+)` \\|");

    @Test
    void everyFileTheReadmeListsIsAtThePathItGives() throws Exception {
        List<String> paths = Files.readAllLines(SAMPLE_DATA.resolve("README.md")).stream()
                .map(TABLE_ROW_PATH::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .toList();

        assertFalse(paths.isEmpty(), "the README has a table of files");
        assertEquals(
                List.of(),
                paths.stream()
                        .filter(p -> !Files.exists(SAMPLE_DATA.resolve(p)))
                        .toList(),
                "listed but not there");
    }
}
