// The kernel's own cost of receiving one-line StatsD datagrams, as a floor for statsd-bridge's figure: a receiver
// that does nothing but recvmmsg(MSG_WAITFORONE) 32 at a time (as the bridge's readers do) and a paced sender.
//
//   cc -O2 -o /tmp/recv-floor Benchmarks/recv-floor/recv-floor.c
//   /tmp/recv-floor recv PORT SECONDS [GATHER_US]
//       prints datagrams received and its CPU seconds per million; with GATHER_US, it sleeps that long after a read
//       that did not fill the vector, so more datagrams wait for the next call (statsd-bridge's readers wait 100 us)
//   /tmp/recv-floor send PORT RATE SECONDS   sends "loadtest.counter.N:1|c" datagrams at RATE per second
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum { VECTOR = 32, SIZE = 2048 };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static int receive(int port, double seconds, int gather) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (bind(fd, (struct sockaddr *)&address, sizeof address) != 0) { perror("bind"); return 1; }
    struct timeval wait = {.tv_sec = 0, .tv_usec = 100000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
    static char buffers[VECTOR][SIZE];
    struct iovec iov[VECTOR];
    struct mmsghdr messages[VECTOR];
    for (int i = 0; i < VECTOR; i++) {
        iov[i] = (struct iovec){buffers[i], SIZE};
        messages[i] = (struct mmsghdr){.msg_hdr = {.msg_iov = &iov[i], .msg_iovlen = 1}};
    }
    unsigned long long datagrams = 0, bytes = 0;
    double end = now() + seconds;
    while (now() < end) {
        int count = recvmmsg(fd, messages, VECTOR, MSG_WAITFORONE, NULL);
        for (int i = 0; i < count; i++) bytes += messages[i].msg_len;
        if (count > 0) datagrams += count;
        if (gather > 0 && count > 0 && count < VECTOR) usleep(gather);
    }
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
    printf("received %llu datagrams (%llu bytes) in %.0f s: %.3f CPU-s, %.3f CPU-s per million\n", datagrams, bytes,
           seconds, cpu, datagrams ? cpu * 1e6 / datagrams : 0);
    return 0;
}

static int send_paced(int port, double rate, double seconds) {
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port)};
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) { perror("connect"); return 1; }
    static char lines[VECTOR][64];
    struct iovec iov[VECTOR];
    struct mmsghdr messages[VECTOR];
    unsigned long long sent = 0;
    double start = now();
    while (now() - start < seconds) {
        double due = (now() - start) * rate;
        if (sent + VECTOR > due) { usleep(100); continue; }
        for (int i = 0; i < VECTOR; i++) {
            int length = snprintf(lines[i], sizeof lines[i], "loadtest.counter.%llu:1|c", (sent + i) % 1000);
            iov[i] = (struct iovec){lines[i], (size_t)length};
            messages[i] = (struct mmsghdr){.msg_hdr = {.msg_iov = &iov[i], .msg_iovlen = 1}};
        }
        int count = sendmmsg(fd, messages, VECTOR, 0);
        if (count > 0) sent += count;
    }
    printf("sent %llu datagrams\n", sent);
    return 0;
}

int main(int argc, char **argv) {
    if ((argc == 4 || argc == 5) && strcmp(argv[1], "recv") == 0)
        return receive(atoi(argv[2]), atof(argv[3]), argc == 5 ? atoi(argv[4]) : 0);
    if (argc == 5 && strcmp(argv[1], "send") == 0) return send_paced(atoi(argv[2]), atof(argv[3]), atof(argv[4]));
    fprintf(stderr, "usage: %s recv PORT SECONDS [GATHER_US] | send PORT RATE SECONDS\n", argv[0]);
    return 2;
}
