package org.offlinepacks.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
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

    @TempDir
    Path dataDir;

    private TestLeases leases;
    private ApiApplication application;
    private WebDriver browser;

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
                        SampleStore.account(
                                "fw-encamp", Role.FIELD_WORKER, Set.of(PackFixtures.ENCAMP), FIELD_WORKER)));
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

        // a phone's width
        browser.manage().window().setSize(new Dimension(360, 740));
        wait.until(d -> ((Number) js("return document.documentElement.clientWidth")).intValue() <= 360);
        waitForTiles(wait);
        assertNothingOverflows();
        screenshot("console-360.png");
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
