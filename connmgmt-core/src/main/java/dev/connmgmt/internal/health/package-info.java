/**
 * The health model of the pools, free of Spring Boot's health API: what each pool's status
 * is and why, worked out without borrowing from the pool. Each Spring Boot line adapts it to
 * its own health contributors. Internal: may change in any release.
 */
package dev.connmgmt.internal.health;
