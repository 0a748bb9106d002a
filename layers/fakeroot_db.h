/* fakeroot_db.h - the fakeroot layer's memory of files: what the program was
 * told about each file it changed (owner, mode, device), keyed by device and
 * inode as fakeroot's faked keys it, kept in memory every process and thread
 * of the run shares (pv_shared), and read from and written to fakeroot's
 * save-file format (fakeroot -s / -i).
 * SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef PV_LAYERS_FAKEROOT_DB_H
#define PV_LAYERS_FAKEROOT_DB_H

#include <stddef.h>
#include <stdint.h>

/* A file as the kernel shows it now (from statx): the key, and what a new
 * record starts from. */
struct fr_live {
	uint64_t dev, ino;   /* dev as glibc's dev_t (makedev) */
	uint64_t rdev;
	int64_t btime_sec;   /* birth time, when the file system keeps one */
	uint32_t btime_nsec;
	uint32_t has_btime;
	uint32_t mode, nlink;
};

/* What the program is told about a file. */
struct fr_file {
	uint64_t dev, ino, rdev;
	int64_t btime_sec;
	uint32_t btime_nsec;
	uint32_t has_btime;
	uint32_t mode, uid, gid, nlink;
};

struct fr_db;

/* The run's state: the first process of the run creates it (and reads
 * statefile, an absolute path or NULL, into it); every later process finds
 * it.  NULL when shared memory cannot be had. */
struct fr_db *fr_db_attach(const char *statefile, int *first, char *err,
			   size_t errlen);

/* Whether any file is remembered (a fast way out of the bookkeeping a
 * removal or creation needs when there is nothing to keep right). */
int fr_db_empty(const struct fr_db *db);

/* The record for a live file: 1 and *out; 0 when there is none; -1 when
 * the record is another file's (the file type or the birth time says that
 * another file now has the inode). */
int fr_db_get(struct fr_db *db, const struct fr_live *live, struct fr_file *out);

/* Changes the record for a live file under the writers' lock: apply gets
 * the record (existing = 0: a new one made from live, with uid = gid = 0)
 * and changes it.  Returns 0, or -ENOSPC when the table is full. */
typedef void fr_apply_fn(struct fr_file *rec, int existing, const void *arg);
int fr_db_change(struct fr_db *db, const struct fr_live *live, fr_apply_fn *apply,
		 const void *arg);

/* Forgets the record of a live file's inode: always (FR_FORGET_GONE: its
 * last link is gone), when it is another file's (FR_FORGET_STALE), or when
 * it was not made for this just-created file (FR_FORGET_NEW: a new inode
 * has no past). */
enum { FR_FORGET_GONE, FR_FORGET_STALE, FR_FORGET_NEW };
void fr_db_forget(struct fr_db *db, const struct fr_live *live, int how);

/* Ids a process hands on to what it execs (the kernel keeps them across
 * exec; here they would die with the process's memory). */
#define FR_NIDS 8 /* uid r e s fs, gid r e s fs */
void fr_db_put_exec_ids(struct fr_db *db, int pid, const uint32_t ids[FR_NIDS]);
int fr_db_take_exec_ids(struct fr_db *db, int pid, uint32_t ids[FR_NIDS]);

/* The process that saves the state when it ends (the run's first), and the
 * file it saves to (absolute; empty when none). */
int fr_db_saver(const struct fr_db *db);
const char *fr_db_statefile(const struct fr_db *db);

/* Writes every record to the state file in fakeroot's format.  Returns 0 or
 * -errno. */
long fr_db_save(struct fr_db *db);

/* Reads a state file into records (fakeroot's format: one line per file,
 * "dev=HEX,ino=DEC,mode=OCT,uid=DEC,gid=DEC,nlink=DEC,rdev=DEC").  Returns
 * 0; -ENOENT when there is no such file; another -errno, or -EINVAL with a
 * reason in err, when it cannot be read.  db may be NULL: then it only
 * checks. */
long fr_db_load(struct fr_db *db, const char *path, char *err, size_t errlen);

/* A few words for an errno the state file may meet ("permission denied"). */
const char *fr_errtext(long e);

#endif
