#ifndef BALLAST_LAZY_LIBRARIES_H
#define BALLAST_LAZY_LIBRARIES_H

/* libgit2 and libcurl, opened on first use.

   Linked the usual way, the two libraries and their dependencies (krb5, LDAP, GnuTLS, nettle,
   libssh2, libidn2, ...: 35 shared objects) are mapped and relocated at every start, about
   6 ms of CPU, though only the commands that touch Git or the network call them. git2.c and
   curl.c (written by generate.py) define each function Ballast calls with the header's own
   prototype: the first call of either library dlopens it once (pthread_once) and looks all its
   functions up; every call goes through that table. Nothing links -lgit2 or -lcurl, so
   `validate`, `synth` and `--help` never load them. */

/* The library `soname`, opened once; a library that cannot be opened ends the process as the
   dynamic loader would at start (status 127, one line on standard error). */
void *ballast_lazy_open(const char *soname);

/* `name` in `library`; a missing one ends the process the same way. */
void *ballast_lazy_symbol(void *library, const char *soname, const char *name);

#endif
