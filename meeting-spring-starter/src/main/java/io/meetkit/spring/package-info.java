/** io.meetkit.spring. */
package io.meetkit.spring;
