#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include "CRecvmmsg.h"

/// The headers and, after them, the iovecs they point to.
void *CRecvmmsg_allocate(unsigned int count, void *storage, unsigned long slotBytes) {
    struct mmsghdr *messages = calloc(count, sizeof(struct mmsghdr) + sizeof(struct iovec));
    if (messages == NULL) {
        return NULL;
    }
    struct iovec *vectors = (struct iovec *)(messages + count);
    for (unsigned int index = 0; index < count; index++) {
        vectors[index].iov_base = (char *)storage + (unsigned long)index * slotBytes;
        vectors[index].iov_len = slotBytes;
        memset(&messages[index], 0, sizeof(struct mmsghdr));
        messages[index].msg_hdr.msg_iov = &vectors[index];
        messages[index].msg_hdr.msg_iovlen = 1;
    }
    return messages;
}

void CRecvmmsg_free(void *messages) {
    free(messages);
}

int CRecvmmsg_receive(int descriptor, void *messages, unsigned int count) {
    return recvmmsg(descriptor, (struct mmsghdr *)messages, count, MSG_WAITFORONE, NULL);
}

unsigned int CRecvmmsg_length(const void *messages, unsigned int index) {
    return ((const struct mmsghdr *)messages)[index].msg_len;
}
