# Writes common/buildinfo.h: the version, and the commit of the source tree with its date.
# Run with `cmake -P` at configure time and again before every build, so --version names the
# commit that was built, not the one that was configured. configure_file() leaves the header
# alone when its content is the same: a build without a new commit recompiles nothing.
#
# In:  SOURCE_DIR, INPUT (buildinfo.h.in), OUTPUT, PROJECT_VERSION,
#      GREENLIGHT_GIT_COMMIT / GREENLIGHT_GIT_DATE: set them to build without git (from a
#      tarball); else git's HEAD, else "unknown". SOURCE_DATE_EPOCH dates a build without git.
cmake_minimum_required(VERSION 3.25)

if(NOT GREENLIGHT_GIT_COMMIT)
    # Only the source tree's own repository: a tarball unpacked inside another checkout
    # (a packaging repository) must not report that checkout's commit.
    execute_process(COMMAND git rev-parse --show-toplevel
        WORKING_DIRECTORY ${SOURCE_DIR}
        OUTPUT_VARIABLE toplevel OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
    file(REAL_PATH "${SOURCE_DIR}" source_real)
    if(NOT failed AND toplevel)
        file(REAL_PATH "${toplevel}" toplevel)
    endif()
    if(NOT failed AND toplevel STREQUAL source_real)
        execute_process(COMMAND git log -1 --format=%h%n%cs --abbrev=12
            WORKING_DIRECTORY ${SOURCE_DIR}
            OUTPUT_VARIABLE head OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
        if(NOT failed AND head)
            string(REPLACE "\n" ";" head "${head}")
            list(GET head 0 GREENLIGHT_GIT_COMMIT)
            if(NOT GREENLIGHT_GIT_DATE)
                list(GET head 1 GREENLIGHT_GIT_DATE)
            endif()
        endif()
    endif()
endif()
if(NOT GREENLIGHT_GIT_COMMIT)
    set(GREENLIGHT_GIT_COMMIT "unknown")
endif()
if(NOT GREENLIGHT_GIT_DATE AND DEFINED ENV{SOURCE_DATE_EPOCH})
    string(TIMESTAMP GREENLIGHT_GIT_DATE "%Y-%m-%d" UTC) # honours SOURCE_DATE_EPOCH
endif()

configure_file(${INPUT} ${OUTPUT} @ONLY)
