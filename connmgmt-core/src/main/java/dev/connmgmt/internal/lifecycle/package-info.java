/**
 * Internal: starting the pools with the application and the pool-size advisor. No
 * compatibility promise; the advice itself (PoolSizeAdvice) is public.
 */
package dev.connmgmt.internal.lifecycle;
