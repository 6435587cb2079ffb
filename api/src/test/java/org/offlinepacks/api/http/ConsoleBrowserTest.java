package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.offlinepacks.api.bundle.PackBuilder;
import org.offlinepacks.api.bundle.PackFixtures;
import org.offlinepacks.api.bundle.TestLeases;
import org.offlinepacks.boundarydata.campaign.Boundary;
import org.offlinepacks.boundarydata.progress.ProgressListener;
import org.offlinepacks.boundarydata.users.Role;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The planner console in a real browser: Debian's headless Chromium through chromedriver (both
 * required: {@code apt-get install chromium chromium-driver}; without them this test fails, it
 * never skips). The service serves the sample campaign with its six parishes and the map tiles of
 * the campaign's own MBTiles archive.
 */
class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String PLANNER = "token-planner-of-all-six";
    private static final String FIELD_WORKER = "token-field-worker-encamp";
    private static final String ADMIN = "token-admin-of-andorra";

    @TempDir
    Path dataDir;

    private TestLeases leases;
    private ApiApplication application;
    private WebDriver browser;
    private final HttpClient api = ContractClient.create();

    @BeforeEach
    void start() throws Exception {
        assertTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the console's browser test needs Debian's chromium and chromium-driver"
                        + " (apt-get install -y chromium chromium-driver)");
        List<String> parishes = PackFixtures.sampleCampaign().boundaries().stream()
                .map(Boundary::id)
                .toList();
        SampleStore.seed(
                dataDir,
                List.of(
                        SampleStore.account("planner", Role.PLANNER, Set.copyOf(parishes), PLANNER),
                        SampleStore.account("fw-encamp", Role.FIELD_WORKER, Set.of(PackFixtures.ENCAMP), FIELD_WORKER),
                        SampleStore.account("admin", Role.ADMIN, Set.copyOf(parishes), ADMIN)));
        leases = TestLeases.inDataFolder(dataDir);
        PackBuilder builder = TestService.smallBuilder(dataDir, leases);
        for (String parish : parishes) {
            builder.build(PackFixtures.input(parish), ProgressListener.NONE);
        }
        application = ApiApplication.start(ServerConfig.defaults(dataDir).withPort(0), builder, List.of());

        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu");
        browser = new ChromeDriver(
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .build(),
                options);
        browser.manage().window().setSize(new Dimension(1280, 900));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (application != null) {
            application.close();
        }
        if (leases != null) {
            leases.close();
        }
    }

    @Test
    void aPlannerChangesEncampAndFollowsTheRebuild() throws Exception {
        browser.get(application.baseUri().resolve("/console/").toString());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.ignoring(StaleElementReferenceException.class); // the editor draws its handles anew after each change

        // a field worker is refused
        signIn(FIELD_WORKER);
        WebElement refusal = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-error")));
        assertTrue(refusal.getText().contains("planners and admins"), refusal.getText());
        assertFalse(browser.findElement(By.id("workspace")).isDisplayed());

        // the planner sees the six parishes, coloured by state, over the campaign's own tiles
        signIn(PLANNER);
        wait.until(d -> d.findElements(By.cssSelector("path.boundary-shape")).size() == 6);
        assertEquals(
                6, browser.findElements(By.cssSelector("#boundary-list button")).size());
        assertEquals(
                Set.of("current"),
                browser.findElements(By.cssSelector("path.boundary-shape")).stream()
                        .map(path -> path.getAttribute("data-state"))
                        .collect(Collectors.toSet()));
        assertTrue(browser.findElement(By.id("legend")).getText().contains("outdated"));
        waitForTiles(wait);
        assertNothingOverflows();
        screenshot("console-1280.png");

        // Encamp's panel
        browser.findElement(By.cssSelector("#boundary-list button[data-boundary='" + PackFixtures.ENCAMP + "']"))
                .click();
        wait.until(ExpectedConditions.textToBe(By.id("panel-title"), "Encamp"));
        assertEquals("1", browser.findElement(By.id("panel-version")).getText());
        assertTrue(browser.findElement(By.id("panel-parts")).getText().contains("forms"));

        // the upload conflicts of the area (none here)
        browser.findElement(By.id("show-conflicts")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("conflicts"), "No conflict"));

        // a changed geometry: the estimate and the report before applying
        Path geometry = dataDir.resolve("encamp-changed.geojson");
        Files.writeString(geometry, TestService.squareWithin(PackFixtures.ENCAMP, 0.03));
        browser.findElement(By.id("geojson-file"))
                .sendKeys(geometry.toAbsolutePath().toString());
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("preview")));
        assertFalse(
                browser.findElements(By.cssSelector("#preview-tiles tbody tr")).isEmpty(), "tiles per zoom");
        assertTrue(browser.findElement(By.id("preview-total")).getText().matches("\\d+ tiles, about .*"));
        assertFalse(browser.findElement(By.id("preview-issues")).getText().isBlank());
        for (WebElement box : browser.findElements(By.cssSelector("#preview-confirm input"))) {
            box.click();
        }
        browser.findElement(By.id("apply")).click();

        // the job is followed live until the new version is published
        new WebDriverWait(browser, Duration.ofSeconds(90))
                .until(ExpectedConditions.attributeToBe(By.id("job-state"), "data-state", "SUCCEEDED"));
        wait.until(ExpectedConditions.textToBe(By.id("panel-version"), "2"));
        assertTrue(browser.findElement(By.id("panel-versions")).getText().contains("1, 2"));

        // the same boundary edited on the map: a corner dragged, a corner added on an edge, one removed
        browser.findElement(By.id("edit-start")).click();
        wait.until(d -> d.findElements(By.cssSelector(".vertex-handle")).size() == 4);
        Set<List<Double>> stored = Set.copyOf(storedRing(PackFixtures.ENCAMP));
        assertEquals(stored, corners(), "the editor starts from the stored corners");
        List<Double> dragged = corner(vertex(1));
        dragTowardsTheMiddle(vertex(1), 40);
        wait.until(d -> !corner(vertex(1)).equals(dragged));
        List<Double> moved = corner(vertex(1));
        dragTowardsTheMiddle(browser.findElement(By.cssSelector(".midpoint-handle[data-edge='2']")), 25);
        wait.until(d -> d.findElements(By.cssSelector(".vertex-handle")).size() == 5);
        List<Double> added = corner(vertex(3));
        List<Double> removed = corner(vertex(0));
        vertex(0).click();
        wait.until(d -> d.findElements(By.cssSelector(".vertex-handle")).size() == 4);
        Set<List<Double>> edited = corners();
        assertEquals(
                Set.of(moved, added),
                edited.stream().filter(c -> !stored.contains(c)).collect(Collectors.toSet()));
        assertFalse(edited.contains(dragged) || edited.contains(removed), "moved and removed corners are gone");
        screenshot("console-edit-1280.png");

        browser.findElement(By.id("edit-preview")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("preview")));
        assertTrue(browser.findElement(By.id("preview-total")).getText().matches("\\d+ tiles, about .*"));
        assertFalse(
                browser.findElements(By.cssSelector("#preview-tiles tbody tr")).isEmpty(), "tiles per zoom");
        for (WebElement box : browser.findElements(By.cssSelector("#preview-confirm input"))) {
            box.click();
        }
        browser.findElement(By.id("apply")).click();
        new WebDriverWait(browser, Duration.ofSeconds(90))
                .until(ExpectedConditions.attributeToBe(By.id("job-state"), "data-state", "SUCCEEDED"));
        wait.until(ExpectedConditions.textToBe(By.id("panel-version"), "3"));
        assertTrue(browser.findElements(By.cssSelector(".vertex-handle")).isEmpty(), "the editor is closed");
        List<List<Double>> ring = storedRing(PackFixtures.ENCAMP);
        assertEquals(ring.get(0), ring.get(ring.size() - 1), "a closed ring");
        assertEquals(edited, Set.copyOf(ring), "the stored boundary has the edited corners: " + ring);

        // a phone's width
        browser.manage().window().setSize(new Dimension(360, 740));
        wait.until(d -> ((Number) js("return document.documentElement.clientWidth")).intValue() <= 360);
        waitForTiles(wait);
        assertNothingOverflows();
        screenshot("console-360.png");

        // editing on the phone, then cancelled: nothing is stored and the editor is gone
        List<List<Double>> applied = storedRing(PackFixtures.ENCAMP);
        browser.findElement(By.id("edit-start")).click();
        wait.until(d -> d.findElements(By.cssSelector(".vertex-handle")).size() == 4);
        js("document.getElementById('map').scrollIntoView({block: 'center'})");
        List<Double> before = corner(vertex(0));
        dragTowardsTheMiddle(vertex(0), 30);
        wait.until(d -> !corner(vertex(0)).equals(before));
        assertNothingOverflows();
        screenshot("console-edit-360.png");
        assertTrue(
                (Boolean) js("const bar = document.getElementById('edit-bar').getBoundingClientRect();"
                        + " const map = document.getElementById('map').getBoundingClientRect();"
                        + " return bar.bottom <= window.innerHeight && bar.top >= map.top;"),
                "with the map in view, the edit bar (Preview, Undo, Cancel) is in view too");
        browser.findElement(By.id("edit-cancel")).click();
        wait.until(d -> d.findElements(By.cssSelector(".vertex-handle")).isEmpty());
        assertTrue(browser.findElement(By.id("edit-start")).isDisplayed());
        assertEquals(applied, storedRing(PackFixtures.ENCAMP));

        // an admin makes a field worker for Encamp with the users form, on the phone
        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        signIn(ADMIN);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("user-form")));
        wait.until(d ->
                d.findElements(By.cssSelector("#user-boundary-boxes input")).size() == 6);
        browser.findElement(By.id("user-id")).sendKeys("fw-encamp-2");
        browser.findElement(By.id("user-name")).sendKeys("Ana Pujol");
        new Select(browser.findElement(By.id("user-role"))).selectByValue("field_worker");
        browser.findElement(By.cssSelector("#user-boundary-boxes input[value='" + PackFixtures.ENCAMP + "']"))
                .click();
        browser.findElement(By.id("user-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-result"), "missing-token-hash"));
        browser.findElement(By.id("user-generate")).click();
        String token = browser.findElement(By.id("user-token")).getAttribute("value");
        assertTrue(token.length() >= 32, token);
        browser.findElement(By.id("user-save")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("user-result"), "class", "saved"));
        assertEquals(token, browser.findElement(By.id("user-given-token")).getText());
        assertNothingOverflows();
        screenshot("console-users-360.png");

        JsonNode user =
                ApiJson.MAPPER.readTree(get("/v1/users/fw-encamp-2", ADMIN).body());
        assertEquals("field_worker", user.path("role").asText());
        assertEquals("Ana Pujol", user.path("name").asText());
        assertEquals(List.of(PackFixtures.ENCAMP), ApiJson.MAPPER.convertValue(user.path("boundaries"), List.class));
        assertFalse(user.path("disabled").asBoolean());
        HttpResponse<String> me = get("/v1/me", token);
        assertEquals(200, me.statusCode(), me.body());
        assertEquals(
                "field_worker", ApiJson.MAPPER.readTree(me.body()).path("role").asText());

        // the new user is in the list of the campaign's users; a click there loads them into the form
        By listed = By.cssSelector("#user-list button[data-user='fw-encamp-2']");
        wait.until(ExpectedConditions.presenceOfElementLocated(listed));
        assertTrue(
                browser.findElement(listed).getText().contains("Ana Pujol"),
                browser.findElement(listed).getText());
        browser.findElement(By.id("user-id")).clear();
        browser.findElement(By.id("user-name")).clear();
        new Select(browser.findElement(By.id("user-role"))).selectByValue("admin");
        browser.findElement(listed).click();
        assertEquals("Ana Pujol", browser.findElement(By.id("user-name")).getAttribute("value"));
        assertEquals("fw-encamp-2", browser.findElement(By.id("user-id")).getAttribute("value"));
        assertEquals(
                "field_worker",
                new Select(browser.findElement(By.id("user-role")))
                        .getFirstSelectedOption()
                        .getAttribute("value"));
        assertTrue(
                browser.findElement(By.cssSelector("#user-boundary-boxes input[value='" + PackFixtures.ENCAMP + "']"))
                        .isSelected());

        // disabled through the same form: the token no longer opens anything
        browser.findElement(By.id("user-disabled")).click();
        browser.findElement(By.id("user-save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-result"), "disabled"));
        assertTrue(ApiJson.MAPPER
                .readTree(get("/v1/users/fw-encamp-2", ADMIN).body())
                .path("disabled")
                .asBoolean());
        assertEquals(401, get("/v1/me", token).statusCode());
    }

    /** Drags a handle by {@code pixels} towards the map's middle (inside the square, away from the map's edges). */
    private void dragTowardsTheMiddle(WebElement handle, int pixels) {
        WebElement map = browser.findElement(By.id("map"));
        double dx = map.getRect().getX()
                + map.getRect().getWidth() / 2.0
                - (handle.getRect().getX() + handle.getRect().getWidth() / 2.0);
        double dy = map.getRect().getY()
                + map.getRect().getHeight() / 2.0
                - (handle.getRect().getY() + handle.getRect().getHeight() / 2.0);
        double length = Math.hypot(dx, dy);
        new Actions(browser)
                .dragAndDropBy(handle, (int) Math.round(dx / length * pixels), (int) Math.round(dy / length * pixels))
                .perform();
    }

    private WebElement vertex(int index) {
        return browser.findElement(By.cssSelector(".vertex-handle[data-vertex='" + index + "']"));
    }

    /** A corner handle's position, [lon, lat]. */
    private static List<Double> corner(WebElement handle) {
        return List.of(
                Double.parseDouble(handle.getAttribute("data-lon")),
                Double.parseDouble(handle.getAttribute("data-lat")));
    }

    private Set<List<Double>> corners() {
        return browser.findElements(By.cssSelector(".vertex-handle")).stream()
                .map(ConsoleBrowserTest::corner)
                .collect(Collectors.toSet());
    }

    /** The outer ring of a boundary as the service stores it, [lon, lat] per position. */
    private List<List<Double>> storedRing(String boundaryId) throws Exception {
        JsonNode collection =
                ApiJson.MAPPER.readTree(get("/v1/boundaries", PLANNER).body());
        for (JsonNode feature : collection.path("features")) {
            if (feature.path("id").asText().equals(boundaryId)) {
                assertEquals("Polygon", feature.path("geometry").path("type").asText());
                List<List<Double>> ring = new java.util.ArrayList<>();
                for (JsonNode position :
                        feature.path("geometry").path("coordinates").path(0)) {
                    ring.add(List.of(
                            position.path(0).asDouble(), position.path(1).asDouble()));
                }
                return ring;
            }
        }
        throw new AssertionError("no boundary " + boundaryId + " in " + collection);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return api.send(
                HttpRequest.newBuilder(application.baseUri().resolve(path))
                        .header("Authorization", "Bearer " + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void signIn(String token) {
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.cssSelector("#sign-in-form button")).click();
    }

    private void waitForTiles(WebDriverWait wait) {
        wait.until(d -> ((Number) js("return Array.from(document.querySelectorAll('#map img.loaded-tile'))"
                                + ".filter(i => i.naturalWidth > 0).length"))
                        .intValue()
                > 0);
    }

    /** No text sticks out of the page or out of its box (the map's panes overflow by design). */
    private void assertNothingOverflows() {
        Object overflowing = js("const width = document.documentElement.clientWidth;"
                + "const bad = [];"
                + "if (document.documentElement.scrollWidth > width) bad.push('page ' + document.documentElement.scrollWidth + ' > ' + width);"
                + "for (const e of document.querySelectorAll('body *')) {"
                + "  if (e.closest('#map') || e.offsetParent === null) continue;"
                + "  const r = e.getBoundingClientRect();"
                + "  if (r.right > width + 1) bad.push(e.tagName + '#' + e.id + '.' + e.className + ' right ' + r.right);"
                + "  const style = getComputedStyle(e);"
                + "  if (e.children.length === 0 && e.textContent.trim() && style.overflowX !== 'visible'"
                + "      && e.scrollWidth > e.clientWidth + 1) bad.push(e.tagName + '#' + e.id + ' text ' + e.scrollWidth);"
                + "}"
                + "return bad.join('\\n');");
        assertEquals(
                "",
                overflowing,
                "elements overflowing at " + browser.manage().window().getSize());
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private void screenshot(String name) throws Exception {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name), png);
    }
}
