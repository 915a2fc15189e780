package dev.connmgmt.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.connmgmt.credentials.Credentials;
import dev.connmgmt.pool.ManagedDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /connections.html} in a real headless Chromium while the orders pool rotates its
 * Vault credentials every few seconds (4-second leases renewed up to 8 seconds) and a
 * burst of work makes callers wait: the page shows the generation advance, marks the
 * rotations on its charts, draws every chart, and shows no credential. Leaves a
 * screenshot in {@code target/connections-page.png}.
 * <p>
 * Needs Chromium and its driver, from Debian's packages {@code chromium} and
 * {@code chromium-driver}; {@code chromium.binary} and {@code webdriver.chrome.driver}
 * name other locations.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "sample.vault.lease-ttl=4s", "sample.vault.lease-max-ttl=8s",
				"connmgmt.validation.accept=drain-within-lease", "sample.traffic.interval=100ms",
				"spring.application.name=connections-page" })
class ConnectionsPageTests {

	private static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));

	private static final Path CHROMEDRIVER = Path
		.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));

	private static final Path SCREENSHOT = Path.of("target", "connections-page.png");

	private static Path profile;

	private static CompletableFuture<ChromeDriver> starting;

	private static ChromeDriver browser;

	@Value("${local.server.port}")
	private int port;

	@Autowired
	@Qualifier("ordersDataSource")
	private ManagedDataSource orders;

	@Autowired
	private Environment environment;

	/**
	 * Start Chromium while the application starts.
	 */
	@BeforeAll
	static void startChromium() throws IOException {
		assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
			.withFailMessage("The connections page is tested in headless Chromium, but %s or %s is missing. "
					+ "Install them with: apt-get install -y chromium chromium-driver (Debian's packages; "
					+ ".ci/run installs them when missing), or name other locations with "
					+ "-Dchromium.binary=... -Dwebdriver.chrome.driver=...", CHROMIUM, CHROMEDRIVER)
			.isTrue();
		profile = Files.createTempDirectory("connections-page-chromium");
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--user-data-dir=" + profile, "--window-size=1280,1400", "--hide-scrollbars");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		starting = CompletableFuture.supplyAsync(() -> new ChromeDriver(service, options));
	}

	@AfterAll
	static void stopChromium() throws IOException {
		if (starting != null) {
			starting.thenAccept(ChromeDriver::quit).exceptionally((ex) -> null).join();
		}
		if (profile != null) {
			try (var files = Files.walk(profile)) {
				files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
			}
		}
	}

	@Test
	void showsEveryPoolLiveWithTheRotationsOfItsCredentials() throws Exception {
		browser = starting.get(60, TimeUnit.SECONDS);
		browser.get("http://localhost:" + this.port + "/connections.html?interval=500");
		await().atMost(Duration.ofSeconds(15)).until(() -> polls() >= 2);
		assertThat(attributes("section.pool", "data-pool")).containsExactly("orders", "inventory");
		long first = generation("orders");
		assertThat(first).isPositive();
		assertThat(text("inventory", "credentials")).startsWith("static");
		assertThat(text("inventory", "lease-left")).isEqualTo("no lease");

		List<Future<?>> burst = keepMoreCallersThanConnectionsBusy();
		await().atMost(Duration.ofSeconds(30)).until(() -> generation("orders") > first && rotationsSeen() > 0);
		for (Future<?> caller : burst) {
			caller.get();
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> pointsOf("orders", "wait") >= 3);

		long shown = generation("orders");
		assertThat(shown).isGreaterThan(first).isLessThanOrEqualTo(this.orders.getCredentialSource().status().generation());
		assertThat(attributes("section[data-pool='orders'] svg[data-chart='lease'] line.rotation", "data-generation"))
			.extracting(Long::parseLong)
			.anySatisfy((marked) -> assertThat(marked).isGreaterThan(first))
			.allSatisfy((marked) -> assertThat(marked).isBetween(2L, shown + 1));
		for (String chart : List.of("connections", "wait", "lease", "breaker")) {
			assertThat(pointsOf("orders", chart)).as("points of the orders pool's %s chart", chart)
				.isGreaterThanOrEqualTo(3);
		}
		for (String chart : List.of("connections", "breaker")) {
			assertThat(pointsOf("inventory", chart)).as("points of the inventory pool's %s chart", chart)
				.isGreaterThanOrEqualTo(3);
		}
		assertThat(attribute("section[data-pool='orders'] [data-field='breaker']", "data-breaker")).isEqualTo("CLOSED");
		assertThat(Long.parseLong(attribute("section[data-pool='orders'] [data-field='lease-left']",
				"data-lease-left-ms"))).isPositive().isLessThanOrEqualTo(8000);

		Credentials current = this.orders.getCredentialSource().current();
		assertThat(browser.getPageSource()).doesNotContain(current.password(), current.username(),
				this.environment.getProperty("connmgmt.pools.inventory.password"),
				this.environment.getProperty("connmgmt.pools.inventory.username"),
				this.environment.getProperty("spring.cloud.vault.token"));

		Files.createDirectories(SCREENSHOT.getParent());
		Files.write(SCREENSHOT, browser.getScreenshotAs(OutputType.BYTES));
		assertThat(SCREENSHOT).isNotEmptyFile();
	}

	/**
	 * Twelve callers for the orders pool's eight connections, each holding one for a quarter
	 * of a second six times, so that some wait while the page watches.
	 */
	private List<Future<?>> keepMoreCallersThanConnectionsBusy() {
		ExecutorService callers = Executors.newFixedThreadPool(12);
		try {
			return IntStream.range(0, 12).<Future<?>>mapToObj((i) -> callers.submit(() -> {
				for (int round = 0; round < 6; round++) {
					try (Connection connection = this.orders.getConnection();
							Statement statement = connection.createStatement()) {
						statement.execute("SELECT pg_sleep(0.25)");
					}
				}
				return null;
			})).toList();
		}
		finally {
			callers.shutdown();
		}
	}

	private static long polls() {
		return Long.parseLong(attribute("#status", "data-polls"));
	}

	private static long generation(String pool) {
		String generation = attribute(field(pool, "generation"), "data-generation");
		return (generation == null || generation.isEmpty()) ? 0 : Long.parseLong(generation);
	}

	private static long rotationsSeen() {
		return Long.parseLong(attribute(field("orders", "rotations"), "data-rotations"));
	}

	private static String text(String pool, String field) {
		return (String) ((JavascriptExecutor) browser)
			.executeScript("return document.querySelector(arguments[0]).innerText.trim();", field(pool, field));
	}

	private static String field(String pool, String field) {
		return "section[data-pool='" + pool + "'] [data-field='" + field + "']";
	}

	private static int pointsOf(String pool, String chart) {
		return Integer.parseInt(attribute("section[data-pool='" + pool + "'] svg[data-chart='" + chart + "']",
				"data-points"));
	}

	/**
	 * Read an attribute of the first element a selector matches, in one script: the page
	 * redraws its elements at every poll, so an element found first and read after may be
	 * gone by then.
	 */
	private static String attribute(String selector, String name) {
		return (String) ((JavascriptExecutor) browser)
			.executeScript("return document.querySelector(arguments[0]).getAttribute(arguments[1]);", selector, name);
	}

	@SuppressWarnings("unchecked")
	private static List<String> attributes(String selector, String name) {
		return (List<String>) ((JavascriptExecutor) browser).executeScript(
				"return Array.from(document.querySelectorAll(arguments[0])).map((e) => e.getAttribute(arguments[1]));",
				selector, name);
	}

}
