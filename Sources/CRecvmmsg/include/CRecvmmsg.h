// recvmmsg(2) for Swift: Glibc declares it only under _GNU_SOURCE, which Swift's Glibc module is built without.
// The header includes no system header, so it adds no second copy of the C library's types to Swift.
#ifndef C_RECVMMSG_H
#define C_RECVMMSG_H

/// `count` message headers whose single buffers are the `count` consecutive `slotBytes` slots of `storage`.
/// Returns NULL when out of memory; free with CRecvmmsg_free.
void *CRecvmmsg_allocate(unsigned int count, void *storage, unsigned long slotBytes);

void CRecvmmsg_free(void *messages);

/// Reads up to `count` datagrams, blocking only until the first one (MSG_WAITFORONE).
/// Returns the number read, or -1 with errno set.
int CRecvmmsg_receive(int descriptor, void *messages, unsigned int count);

/// The length of the datagram the last receive put in slot `index`.
unsigned int CRecvmmsg_length(const void *messages, unsigned int index);

#endif
