package org.offlinepacks.boundarydata.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.boundarydata.validation.ValidationIssue;

/** campaign.json's registration IDs, indicators and attachment limits, and the checks across files. */
class CampaignDataSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theSampleCampaignDeclaresRegistrationIdsTwoIndicatorsAndAttachmentLimits() {
        CampaignSettings settings =
                CampaignReader.readValid(SampleCampaign.FOLDER).settings();

        assertEquals(new RegistrationIdSettings("AD-", 6, "damm", 50, 10, 200), settings.registrationIds());
        assertEquals(
                List.of("households-registered", "nets-distributed"),
                settings.indicators().stream().map(IndicatorDefinition::id).toList());
        assertEquals(
                IndicatorDefinition.Aggregate.SUM, settings.indicators().get(1).aggregate());
        assertEquals("nets_given", settings.indicators().get(1).field());
        assertEquals(new AttachmentSettings(5L << 20, List.of("image/jpeg", "image/png"), 3), settings.attachments());
    }

    @Test
    void withoutTheSectionsACampaignHasNoIdsNoIndicatorsAndDefaultAttachmentLimits() throws IOException {
        Path campaign = SampleCampaign.copyTo(dir);
        String json = Files.readString(campaign.resolve("campaign.json"));
        Files.writeString(
                campaign.resolve("campaign.json"),
                json.substring(0, json.indexOf(",\n  \"registrationIds\"")) + "\n}\n");
        removeField(campaign, "registration_id");

        CampaignSettings settings = CampaignReader.readValid(campaign).settings();

        assertEquals(null, settings.registrationIds());
        assertEquals(List.of(), settings.indicators());
        assertEquals(AttachmentSettings.defaults(), settings.attachments());
    }

    @Test
    void badValuesAreReportedWithTheirSectionAndValue() throws IOException {
        Path campaign = withSettings(
                """
                "registrationIds": {"prefix": "AD-", "digits": 30, "batchSize": 50},
                "attachments": {"maxBytes": 99999999999, "mediaTypes": ["JPEG"]},
                "indicators": [
                  {"id": "a", "form": "household-registration", "aggregate": "average", "field": "members"},
                  {"id": "b", "form": "household-registration", "aggregate": "count", "field": "members"},
                  {"id": "c", "form": "household-registration", "aggregate": "sum"},
                  {"id": "d", "form": "household-registration", "aggregate": "count", "filter": {"field": "pregnant"}}
                ]""");

        List<ValidationIssue> errors = CampaignReader.read(campaign).report().errors();

        assertEquals(
                List.of(
                        "bad-registration-ids registrationIds",
                        "bad-indicator indicators #0",
                        "bad-indicator indicators #1",
                        "bad-indicator indicators #2",
                        "bad-indicator indicators #3",
                        "bad-attachments attachments"),
                errors.stream().map(e -> e.code() + " " + e.location()).toList(),
                errors.toString());
        assertTrue(
                errors.get(0).message().contains("\"digits\" must be 4 to 12, found 30"),
                errors.get(0).message());
        assertTrue(errors.get(1).message().contains("count, sum or distinct, found average"));
        assertTrue(errors.get(2).message().contains("takes no \"field\""));
        assertTrue(errors.get(3).message().contains("needs the \"field\" it sums"));
        assertTrue(
                errors.get(5).message().contains("\"maxBytes\" must be 1 to 33554432"),
                errors.get(5).message());
    }

    @Test
    void indicatorsMustNameFormsAndFieldsTheCampaignHas() throws IOException {
        Path campaign = withSettings(
                """
                "registrationIds": {"prefix": "AD-", "digits": 6},
                "indicators": [
                  {"id": "a", "form": "no-such-form", "aggregate": "count"},
                  {"id": "b", "form": "household-registration", "aggregate": "distinct", "field": "nickname"},
                  {"id": "c", "form": "household-registration", "aggregate": "sum", "field": "head_name"},
                  {"id": "d", "form": "bednet-distribution", "aggregate": "count", "filter": {"field": "colour", "equals": "red"}},
                  {"id": "e", "form": "bednet-distribution", "aggregate": "distinct", "field": "household_id",
                   "filter": {"field": "refusal_reason", "equals": "absent"}}
                ]""");

        List<ValidationIssue> errors = CampaignReader.read(campaign).report().errors();

        assertEquals(
                List.of(
                        "unknown-form indicator a",
                        "unknown-field indicator b",
                        "bad-indicator-field indicator c",
                        "unknown-field indicator d"),
                errors.stream().map(e -> e.code() + " " + e.location()).toList(),
                errors.toString());
    }

    @Test
    void aRegistrationIdFieldNeedsTheCampaignsIdFormatAndAFormHasOne() throws IOException {
        Path campaign = SampleCampaign.copyTo(dir);
        String json = Files.readString(campaign.resolve("campaign.json"));
        Files.writeString(campaign.resolve("campaign.json"), json.replaceAll("\"registrationIds\": \\{[^}]*},", ""));
        Path form = campaign.resolve("forms/household-registration.json");
        Files.writeString(form, Files.readString(form).replace("\"type\": \"photo\"", "\"type\": \"registrationId\""));

        List<ValidationIssue> errors = CampaignReader.read(campaign).report().errors();

        assertEquals(
                List.of("several-registration-ids", "no-registration-ids"),
                errors.stream().map(ValidationIssue::code).toList(),
                errors.toString());
        assertEquals("form household-registration version 3", errors.get(1).location());
        assertTrue(errors.get(1).message().contains("declares no \"registrationIds\""));
    }

    private Path withSettings(String sections) throws IOException {
        Path campaign = SampleCampaign.copyTo(dir);
        String json = Files.readString(campaign.resolve("campaign.json"));
        Files.writeString(
                campaign.resolve("campaign.json"),
                json.substring(0, json.indexOf(",\n  \"registrationIds\"")) + ",\n" + sections + "\n}\n");
        assertFalse(Files.readString(campaign.resolve("campaign.json")).isEmpty());
        return campaign;
    }

    private static void removeField(Path campaign, String fieldId) throws IOException {
        Path form = campaign.resolve("forms/household-registration.json");
        List<String> lines = Files.readAllLines(form).stream()
                .filter(line -> !line.contains("\"id\": \"" + fieldId + "\""))
                .toList();
        Files.write(form, lines);
    }
}
