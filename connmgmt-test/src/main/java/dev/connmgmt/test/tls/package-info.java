/**
 * A certificate authority for tests: server certificates for the embedded PostgreSQL and
 * client certificates for roles that log in by certificate.
 */
package dev.connmgmt.test.tls;
