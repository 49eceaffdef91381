// hnswlib (the header-only v0.8.0 sources hnswlib-node vendors) driven from C++, compiled -O3 -march=native.
// Adapted from ../shared/bench/peers/cpp/hnswlib_native.cpp (distance counting dropped; throughput and open added).
//
//   hnswlib_native build BASE QUERY GT QUERY10X l2|ip M EFC THREADS EFS INDEX [QREPS] [TPUT_EF]
//     T-thread build (shared atomic cursor, as in hnswlib's Python binding), saveIndex(INDEX) (kept);
//     single-thread sweep over EFS ("16,32,64") with recall@10; then QUERY10X at TPUT_EF with 1 and T threads.
//   hnswlib_native open INDEX QUERY1 l2|ip [EF]
//     loadIndex + one search: the whole process is what the open-time comparison times.
// Prints one JSON object on stdout.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <sys/stat.h>
#include <thread>
#include <unordered_set>

#include "hnswlib/hnswlib.h"
#include "npy.h"

static double now() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

static hnswlib::SpaceInterface<float>* make_space(const std::string& metric, size_t d) {
    if (metric == "l2") return new hnswlib::L2Space(d);
    return new hnswlib::InnerProductSpace(d);
}

// Run fn(i) for i < n on `threads` threads sharing an atomic cursor.
template <typename F>
static void parallel_for(size_t n, int threads, F fn) {
    if (threads <= 1) {
        for (size_t i = 0; i < n; i++) fn(i);
        return;
    }
    std::atomic<size_t> cur{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; t++)
        ts.emplace_back([&] {
            for (size_t i; (i = cur.fetch_add(1)) < n;) fn(i);
        });
    for (auto& t : ts) t.join();
}

static int open_mode(int argc, char** argv) {
    if (argc < 5) return 2;
    double t0 = now();
    auto q = read_npy<float>(argv[3], "<f4");
    hnswlib::SpaceInterface<float>* space = make_space(argv[4], q.cols);
    hnswlib::HierarchicalNSW<float> index(space, argv[2]);
    index.setEf(argc > 5 ? atoi(argv[5]) : 64);
    auto pq = index.searchKnn(q.data.data(), 10);
    printf("{\"lib\":\"hnswlib-native\",\"mode\":\"open\",\"count\":%zu,\"top1\":%zu,\"open_and_query_s\":%.6f}\n",
           index.cur_element_count.load(), pq.empty() ? (size_t)-1 : pq.top().second, now() - t0);
    return 0;
}

int main(int argc, char** argv) {
    std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "open") return open_mode(argc, argv);
    if (mode != "build" || argc < 12) {
        fprintf(stderr, "usage: %s build BASE QUERY GT QUERY10X l2|ip M EFC THREADS EFS INDEX [QREPS] [TPUT_EF]\n"
                        "       %s open INDEX QUERY1 l2|ip [EF]\n", argv[0], argv[0]);
        return 2;
    }
    std::string metric = argv[6];
    size_t M = atoi(argv[7]), efc = atoi(argv[8]);
    int threads = atoi(argv[9]);
    std::vector<int> efs;
    { std::stringstream ss(argv[10]); std::string t; while (std::getline(ss, t, ',')) efs.push_back(atoi(t.c_str())); }
    std::string index_path = argv[11];
    int qreps = argc > 12 ? atoi(argv[12]) : 3, tput_ef = argc > 13 ? atoi(argv[13]) : 64;

    double tl = now();
    auto base = read_npy<float>(argv[2], "<f4");
    auto qry = read_npy<float>(argv[3], "<f4");
    auto gt = read_npy<int32_t>(argv[4], "<i4");
    auto q10 = read_npy<float>(argv[5], "<f4");
    const size_t N = base.rows, D = base.cols, NQ = qry.rows, K = 10;
    double load_s = now() - tl;

    hnswlib::SpaceInterface<float>* space = make_space(metric, D);
    auto* index = new hnswlib::HierarchicalNSW<float>(space, N, M, efc, 100);
    double t0 = now();
    parallel_for(N, threads, [&](size_t i) { index->addPoint(base.data.data() + i * D, i); });
    double build_s = now() - t0;
    long rss_build = peak_rss_kb();
    double ts = now();
    index->saveIndex(index_path);
    double save_s = now() - ts;
    struct stat st;
    stat(index_path.c_str(), &st);

    printf("{\"lib\":\"hnswlib-native\",\"metric\":\"%s\",\"N\":%zu,\"D\":%zu,\"M\":%zu,\"efc\":%zu,\"threads\":%d,"
           "\"load_s\":%.4f,\"build_s\":%.4f,\"save_s\":%.4f,\"peak_rss_after_build_mb\":%.1f,\"index_bytes\":%lld,\"search\":[",
           metric.c_str(), N, D, M, efc, threads, load_s, build_s, save_s, rss_build / 1024.0, (long long)st.st_size);
    std::vector<size_t> res(NQ * K);
    for (size_t e = 0; e < efs.size(); e++) {
        index->setEf(efs[e]);
        for (size_t q = 0; q < std::min<size_t>(100, NQ); q++) index->searchKnn(qry.data.data() + q * D, K);
        std::vector<double> times;
        for (int r = 0; r < qreps; r++) {
            double t = now();
            for (size_t q = 0; q < NQ; q++) {
                auto pq = index->searchKnn(qry.data.data() + q * D, K);
                if (r == 0)
                    for (size_t j = pq.size(); !pq.empty(); pq.pop()) res[q * K + (--j)] = pq.top().second;
            }
            times.push_back(now() - t);
        }
        size_t hit = 0;
        for (size_t q = 0; q < NQ; q++) {
            std::unordered_set<int32_t> g(gt.data.begin() + q * gt.cols, gt.data.begin() + q * gt.cols + K);
            for (size_t j = 0; j < K; j++) hit += g.count((int32_t)res[q * K + j]);
        }
        printf("%s{\"ef\":%d,\"recall10\":%.4f,\"qps\":[", e ? "," : "", efs[e], (double)hit / (NQ * K));
        for (size_t r = 0; r < times.size(); r++) printf("%s%.1f", r ? "," : "", NQ / times[r]);
        printf("]}");
    }
    // throughput: the tiled query file at TPUT_EF, 1 thread then `threads` threads
    index->setEf(tput_ef);
    printf("],\"tput_ef\":%d,\"tput_queries\":%zu,\"tput\":{", tput_ef, q10.rows);
    int tlist[2] = {1, threads};
    for (int i = 0; i < (threads > 1 ? 2 : 1); i++) {
        double t = now();
        parallel_for(q10.rows, tlist[i], [&](size_t q) { index->searchKnn(q10.data.data() + q * D, K); });
        printf("%s\"%d\":%.1f", i ? "," : "", tlist[i], q10.rows / (now() - t));
    }
    printf("},\"peak_rss_end_mb\":%.1f}\n", peak_rss_kb() / 1024.0);
    return 0;
}
