package dev.connmgmt.autoconfigure;

import javax.sql.XADataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Decides whether connmgmt manages {@code spring.datasource.*} as pool {@code default}:
 * only where Spring Boot's {@code DataSourceAutoConfiguration} would itself have built a
 * HikariCP {@code DataSource} from those properties. It would not when the application
 * excludes {@code DataSourceAutoConfiguration} ({@code exclude} or {@code excludeName} of
 * {@code @SpringBootApplication}, {@code @EnableAutoConfiguration} or
 * {@code @ImportAutoConfiguration}, or the {@code spring.autoconfigure.exclude}
 * property), defines an {@link XADataSource} bean of its own, names another
 * {@code spring.datasource.type} or looks its {@code DataSource} up in JNDI.
 * <p>
 * Spring Boot records the exclusions in the {@link ConditionEvaluationReport} while it
 * selects the auto-configurations to import, before any of them registers a bean; beans
 * of the application's own configuration are registered before any auto-configuration's.
 */
final class SpringDataSourceTakeover {

	private static final Logger logger = LoggerFactory.getLogger(SpringDataSourceTakeover.class);

	private SpringDataSourceTakeover() {
	}

	static boolean applies(Environment environment, BeanFactory beanFactory) {
		String reason = reasonAgainst(environment, beanFactory);
		if (reason != null) {
			logger.debug("spring.datasource.* is not managed as pool '{}': {}", PoolDataSourceFactory.DEFAULT_POOL,
					reason);
			return false;
		}
		return true;
	}

	private static String reasonAgainst(Environment environment, BeanFactory beanFactory) {
		String type = environment.getProperty("spring.datasource.type");
		if (StringUtils.hasText(type) && !HikariDataSource.class.getName().equals(type)) {
			return "spring.datasource.type is " + type;
		}
		if (StringUtils.hasText(environment.getProperty("spring.datasource.jndi-name"))) {
			return "spring.datasource.jndi-name is set";
		}
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			if (ConditionEvaluationReport.get(listable)
				.getExclusions()
				.contains(SpringDataSourceSupport.AUTO_CONFIGURATION)) {
				return "DataSourceAutoConfiguration is excluded";
			}
			String[] xa = BeanFactoryUtils.beanNamesForTypeIncludingAncestors(listable, XADataSource.class, true,
					false);
			if (xa.length > 0) {
				return "the application defines XADataSource '" + xa[0] + "'";
			}
		}
		return null;
	}

}
