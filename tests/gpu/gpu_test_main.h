#pragma once
// GPU tests exit with 77 (CTest: Skipped) where `available` is false, so a machine without a CUDA
// device reports them as skipped rather than as passed (a QSKIP in initTestCase exits 0).
#include <ATen/Context.h>

#include <QtTest/QtTest>

#include <cstdio>

#define BITDELTA_GPU_TEST_MAIN(TestClass, available)                                    \
    int main(int argc, char** argv) {                                                   \
        if (!(available)) {                                                             \
            std::printf("SKIP: %s: no CUDA device, or a CPU-only build\n", #TestClass); \
            return 77;                                                                  \
        }                                                                               \
        QCoreApplication app(argc, argv);                                               \
        TestClass tc;                                                                   \
        QTEST_SET_MAIN_SOURCE_PATH                                                      \
        return QTest::qExec(&tc, argc, argv);                                           \
    }
