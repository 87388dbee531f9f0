// Checkpoint folders: tiny checkpoints of every family (single file and sharded), the faults a
// folder can have (missing shard, missing config, index lies, duplicates, config/weights mismatch),
// tokenizer kind detection, chat template sources, summary numbers and the fine-tune fixture.
#include <ATen/ATen.h>

#include "common/error.h"
#include "io/atomic_file.h"
#include "io/checkpoint.h"
#include "tiny_checkpoint.h"

#include "expect_error.h"

#include <QtTest/QtTest>

#include <filesystem>

using namespace bitdelta;
using bitdelta::test::expect_error;
using bitdelta::test::TempDir;
using bitdelta::test::TinySpec;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(bitdelta::ArchFamily)
Q_DECLARE_METATYPE(c10::ScalarType)

namespace {

void write_text(const std::string& path, const std::string& text) {
    write_file_atomic(path, text);
}

}  // namespace

class TestIoCheckpoint : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void open_tiny_data() {
        QTest::addColumn<ArchFamily>("family");
        QTest::addColumn<bool>("tie");
        QTest::addColumn<int>("shards");
        QTest::addColumn<c10::ScalarType>("dtype");
        QTest::addColumn<QString>("dtype_name");
        QTest::newRow("llama f32") << ArchFamily::Llama << false << 1 << c10::kFloat << "float32";
        QTest::newRow("llama bf16 sharded")
            << ArchFamily::Llama << false << 3 << c10::kBFloat16 << "bfloat16";
        QTest::newRow("mistral f16")
            << ArchFamily::Mistral << false << 1 << c10::kHalf << "float16";
        QTest::newRow("qwen2 tied sharded")
            << ArchFamily::Qwen2 << true << 2 << c10::kFloat << "float32";
    }
    void open_tiny() {
        QFETCH(ArchFamily, family);
        QFETCH(bool, tie);
        QFETCH(int, shards);
        QFETCH(c10::ScalarType, dtype);
        QFETCH(QString, dtype_name);
        TempDir tmp("ckpt");
        TinySpec spec;
        spec.family = family;
        spec.tie = tie;
        spec.shards = shards;
        spec.dtype = dtype;
        spec.sliding_window =
            family == ArchFamily::Mistral ? std::optional<int64_t>(8) : std::nullopt;
        test::write_tiny_checkpoint(tmp.path(), spec);

        const Checkpoint ck = Checkpoint::open(tmp.path());
        const ModelConfig& c = ck.config();
        QCOMPARE(c.family, family);
        QCOMPARE(c.num_hidden_layers, spec.layers);
        QCOMPARE(c.hidden_size, spec.hidden);
        QCOMPARE(c.num_key_value_heads, spec.kv_heads);
        QCOMPARE(c.head_dim, spec.hidden / spec.heads);
        QCOMPARE(c.tie_word_embeddings, tie);
        QCOMPARE(c.attention_bias, family == ArchFamily::Qwen2);
        QCOMPARE(c.sliding_window.has_value(), family == ArchFamily::Mistral);
        QCOMPARE(int(ck.weights().files().size()), shards);
        QCOMPARE(ck.weights().contains("lm_head.weight"), !tie);
        QCOMPARE(ck.weights().contains("model.layers.1.self_attn.k_proj.bias"),
                 family == ArchFamily::Qwen2);

        const CheckpointSummary s = ck.summary();
        QCOMPARE(s.parameters, c.parameter_count());
        QCOMPARE(s.dtype, dtype_name.toStdString());
        QCOMPARE(s.shards, shards);
        QCOMPARE(s.weight_bytes, uint64_t(s.parameters) * c10::elementSize(dtype));
        QVERIFY(s.size_on_disk > s.weight_bytes);
        const uint64_t kv = 2ull * spec.layers * spec.kv_heads * (spec.hidden / spec.heads) * 2048 *
                            c10::elementSize(dtype);
        QCOMPARE(s.memory_estimate_bytes, s.weight_bytes + kv);
        QCOMPARE(s.tokenizer_kind, std::string("none"));
        QVERIFY(!s.has_chat_template);

        // The bytes read back are the generator's values.
        const at::Tensor w = ck.weights().tensor("model.layers.0.mlp.down_proj.weight");
        const at::Tensor expected =
            test::seeded_normal({spec.hidden, spec.intermediate}, 0.02, spec.seed,
                                "model.layers.0.mlp.down_proj.weight")
                .to(dtype);
        QCOMPARE(w.scalar_type(), dtype);
        QVERIFY(at::equal(w, expected));
        const at::Tensor norm = ck.weights().tensor("model.norm.weight").to(at::kFloat);
        QVERIFY(std::abs(norm.mean().item<double>() - 1.0) < 0.02);
    }

    void summarize_matches_open() {
        TempDir tmp("ckpt");
        test::write_tiny_checkpoint(tmp.path(), TinySpec{});
        const CheckpointSummary s = summarize_checkpoint(tmp.path() + "/");
        QCOMPARE(s.architecture, std::string("LlamaForCausalLM"));
        QCOMPARE(s.model_type, std::string("llama"));
        QCOMPARE(s.vocab, int64_t(256));
        QCOMPARE(s.dir, tmp.path());
    }

    void folder_faults() {
        TempDir tmp("ckpt");
        QCOMPARE(expect_error([&] { Checkpoint::open(tmp.path() + "/nope"); },
                              {"nope", "does not exist"}),
                 QString());
        QCOMPARE(expect_error([&] { Checkpoint::open(tmp.path()); }, {"no config.json"}),
                 QString());
        TinySpec spec;
        test::write_tiny_checkpoint(tmp.path(), spec);
        fs::remove(tmp.file("model.safetensors"));
        QCOMPARE(expect_error([&] { Checkpoint::open(tmp.path()); }, {"no weights"}), QString());
        QCOMPARE(expect_error([&] { Checkpoint::open(tmp.file("config.json")); }, {"not a folder"}),
                 QString());
    }

    void missing_shard() {
        TempDir tmp("ckpt");
        TinySpec spec;
        spec.shards = 3;
        test::write_tiny_checkpoint(tmp.path(), spec);
        fs::remove(tmp.file("model-00002-of-00003.safetensors"));
        QCOMPARE(expect_error([&] { Checkpoint::open(tmp.path()); },
                              {"model-00002-of-00003.safetensors", "missing",
                               "model.safetensors.index.json"}),
                 QString());
    }

    void index_names_absent_tensor() {
        TempDir tmp("ckpt");
        TinySpec spec;
        spec.shards = 2;
        test::write_tiny_checkpoint(tmp.path(), spec);
        std::string index = read_file(tmp.file("model.safetensors.index.json"));
        const std::string key = "\"weight_map\": {";
        index.replace(index.find(key), key.size(),
                      key + "\"ghost.weight\": \"model-00001-of-00002.safetensors\",");
        write_text(tmp.file("model.safetensors.index.json"), index);
        QCOMPARE(expect_error([&] { WeightSet::open_dir(tmp.path()); },
                              {"ghost.weight", "model-00001-of-00002"}),
                 QString());
    }

    void index_path_traversal_refused() {
        TempDir tmp("ckpt");
        write_text(tmp.file("model.safetensors.index.json"),
                   R"({"weight_map": {"a": "../evil.safetensors"}})");
        QCOMPARE(expect_error([&] { WeightSet::open_dir(tmp.path()); },
                              {"../evil.safetensors", "plain file name"}),
                 QString());
    }

    void duplicate_tensor_across_shards() {
        TempDir tmp("ckpt");
        TinySpec spec;
        spec.shards = 2;
        test::write_tiny_checkpoint(tmp.path(), spec);
        // Shard 2 also carries the embeddings that shard 1 holds.
        const std::string shard2 = tmp.file("model-00002-of-00002.safetensors");
        std::vector<std::pair<std::string, at::Tensor>> tensors;
        {
            auto f = SafetensorsFile::open(shard2);
            for (const auto& n : f->names())
                tensors.emplace_back(n, f->tensor(n).clone());
        }
        tensors.emplace_back("model.embed_tokens.weight", at::zeros({256, 64}));
        write_safetensors(shard2, tensors);
        QCOMPARE(expect_error([&] { WeightSet::open_dir(tmp.path()); },
                              {"model.embed_tokens.weight", "twice", "model-00001-of-00002",
                               "model-00002-of-00002"}),
                 QString());
    }

    void config_weights_mismatch_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("needle");
        QTest::newRow("more layers") << "\"num_hidden_layers\": 2"
                                     << "\"num_hidden_layers\": 3"
                                     << "model.layers.2";
        QTest::newRow("fewer layers") << "\"num_hidden_layers\": 2"
                                      << "\"num_hidden_layers\": 1"
                                      << "more layers";
        QTest::newRow("vocab") << "\"vocab_size\": 256"
                               << "\"vocab_size\": 300"
                               << "model.embed_tokens.weight";
        QTest::newRow("intermediate") << "\"intermediate_size\": 128"
                                      << "\"intermediate_size\": 96"
                                      << "gate_proj";
        QTest::newRow("tied but no lm_head needed") << "\"tie_word_embeddings\": false"
                                                    << "\"tie_word_embeddings\": false"
                                                    << "";
    }
    void config_weights_mismatch() {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, needle);
        TempDir tmp("ckpt");
        test::write_tiny_checkpoint(tmp.path(), TinySpec{});
        std::string config = read_file(tmp.file("config.json"));
        const auto pos = config.find(field.toStdString());
        QVERIFY(pos != std::string::npos);
        config.replace(pos, field.size(), value.toStdString());
        write_text(tmp.file("config.json"), config);
        if (needle.isEmpty()) {
            Checkpoint::open(tmp.path());  // unchanged config opens
            return;
        }
        QCOMPARE(expect_error([&] { Checkpoint::open(tmp.path()); }, {needle}), QString());
    }

    void untied_without_lm_head() {
        TempDir tmp("ckpt");
        TinySpec spec;
        spec.tie = true;
        test::write_tiny_checkpoint(tmp.path(), spec);
        std::string config = read_file(tmp.file("config.json"));
        config.replace(config.find("\"tie_word_embeddings\": true"), 27,
                       "\"tie_word_embeddings\": false");
        write_text(tmp.file("config.json"), config);
        QCOMPARE(expect_error([&] { Checkpoint::open(tmp.path()); }, {"lm_head.weight"}),
                 QString());
    }

    void tokenizer_kind_data() {
        QTest::addColumn<QString>("tokenizer_json");
        QTest::addColumn<bool>("with_model_file");
        QTest::addColumn<QString>("kind");
        QTest::newRow("none") << "" << false << "none";
        QTest::newRow("sentencepiece") << "" << true << "sentencepiece";
        QTest::newRow("bytelevel pre")
            << R"({"model": {"type": "BPE"}, "pre_tokenizer": {"type": "Sequence",
            "pretokenizers": [{"type": "Split"}, {"type": "ByteLevel"}]}, "decoder": {"type": "ByteLevel"}})"
            << true << "bpe-bytelevel";
        QTest::newRow("metaspace pre")
            << R"({"model": {"type": "BPE"}, "pre_tokenizer": {"type": "Metaspace",
            "replacement": "\u2581"}, "decoder": {"type": "Metaspace"}})"
            << false << "bpe-metaspace";
        QTest::newRow("llama2 normalizer") << R"({"model": {"type": "BPE", "byte_fallback": true},
            "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "\u2581"},
            {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"}]}, "pre_tokenizer": null,
            "decoder": {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "\u2581"},
            "content": " "}, {"type": "ByteFallback"}, {"type": "Fuse"}, {"type": "Strip"}]}})"
                                           << false << "bpe-metaspace";
        QTest::newRow("wordpiece") << R"({"model": {"type": "WordPiece"}})" << false << "hf-other";
        QTest::newRow("unigram")
            << R"({"model": {"type": "Unigram"}, "pre_tokenizer": {"type": "Metaspace"}})" << false
            << "hf-other";
    }
    void tokenizer_kind() {
        QFETCH(QString, tokenizer_json);
        QFETCH(bool, with_model_file);
        QFETCH(QString, kind);
        TempDir tmp("ckpt");
        test::write_tiny_checkpoint(tmp.path(), TinySpec{});
        if (!tokenizer_json.isEmpty())
            write_text(tmp.file("tokenizer.json"), tokenizer_json.toStdString());
        if (with_model_file) write_text(tmp.file("tokenizer.model"), "not parsed here");
        const Checkpoint ck = Checkpoint::open(tmp.path());
        QCOMPARE(QString::fromStdString(to_string(ck.tokenizer_kind())), kind);
        QCOMPARE(QString::fromStdString(ck.summary().tokenizer_kind), kind);
        const auto& aux = ck.auxiliary_files();
        QCOMPARE(std::count(aux.begin(), aux.end(), tmp.file("tokenizer.json")),
                 tokenizer_json.isEmpty() ? 0 : 1);
    }

    void tokenizer_kind_of_real_tokenizers_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("kind");
        QTest::newRow("bytelevel") << "bytelevel"
                                   << "bpe-bytelevel";
        QTest::newRow("metaspace") << "metaspace"
                                   << "bpe-metaspace";
        QTest::newRow("sentencepiece") << "sentencepiece"
                                       << "sentencepiece";
    }
    void tokenizer_kind_of_real_tokenizers() {
        QFETCH(QString, name);
        QFETCH(QString, kind);
        const std::string src = test::test_data_dir() + "/tokenizers/" + name.toStdString();
        QVERIFY2(fs::exists(src), ("fixture missing: " + src).c_str());
        TempDir tmp("ckpt");
        TinySpec spec;
        spec.tokenizer_dir = src;
        spec.vocab = name == "sentencepiece" ? 512 : 0;  // 0: from tokenizer.json
        test::write_tiny_checkpoint(tmp.path(), spec);
        const Checkpoint ck = Checkpoint::open(tmp.path());
        QCOMPARE(QString::fromStdString(to_string(ck.tokenizer_kind())), kind);
        QVERIFY(ck.tokenizer_config_json() != "{}");
    }

    void chat_template_sources_data() {
        QTest::addColumn<QString>("jinja");
        QTest::addColumn<QString>("tokenizer_config");
        QTest::addColumn<QString>("expected");  // "<none>" when absent
        QTest::newRow("none") << ""
                              << ""
                              << "<none>";
        QTest::newRow("no field") << ""
                                  << R"({"bos_token": "<s>"})"
                                  << "<none>";
        QTest::newRow("null field") << ""
                                    << R"({"chat_template": null})"
                                    << "<none>";
        QTest::newRow("jinja file") << "{{ messages }}"
                                    << ""
                                    << "{{ messages }}";
        QTest::newRow("config string")
            << ""
            << R"({"chat_template": "{% for m in messages %}{% endfor %}"})"
            << "{% for m in messages %}{% endfor %}";
        QTest::newRow("config list default")
            << ""
            << R"({"chat_template": [{"name": "tool_use", "template": "T"},
            {"name": "default", "template": "D"}]})"
            << "D";
        QTest::newRow("config list no default")
            << ""
            << R"({"chat_template": [{"name": "rag", "template": "R"}]})"
            << "R";
        QTest::newRow("jinja wins") << "J"
                                    << R"({"chat_template": "C"})"
                                    << "J";
    }
    void chat_template_sources() {
        QFETCH(QString, jinja);
        QFETCH(QString, tokenizer_config);
        QFETCH(QString, expected);
        TempDir tmp("ckpt");
        test::write_tiny_checkpoint(tmp.path(), TinySpec{});
        if (!jinja.isEmpty()) write_text(tmp.file("chat_template.jinja"), jinja.toStdString());
        if (!tokenizer_config.isEmpty())
            write_text(tmp.file("tokenizer_config.json"), tokenizer_config.toStdString());
        const Checkpoint ck = Checkpoint::open(tmp.path());
        if (expected == "<none>") {
            QVERIFY(!ck.chat_template().has_value());
            QVERIFY(!ck.summary().has_chat_template);
        } else {
            QVERIFY(ck.chat_template().has_value());
            QCOMPARE(QString::fromStdString(*ck.chat_template()), expected);
            QVERIFY(ck.summary().has_chat_template);
        }
        QCOMPARE(QString::fromStdString(ck.tokenizer_config_json()),
                 tokenizer_config.isEmpty() ? QString("{}") : tokenizer_config);
    }

    void chat_template_from_fixture_spec() {
        TempDir tmp("ckpt");
        TinySpec spec;
        spec.chat_template = "{{ bos_token }}";
        spec.chat_template_in_tokenizer_config = true;
        test::write_tiny_checkpoint(tmp.path(), spec);
        QVERIFY(!fs::exists(tmp.file("chat_template.jinja")));
        QCOMPARE(*Checkpoint::open(tmp.path()).chat_template(), std::string("{{ bos_token }}"));
    }

    void bad_chat_template_field() {
        TempDir tmp("ckpt");
        test::write_tiny_checkpoint(tmp.path(), TinySpec{});
        write_text(tmp.file("tokenizer_config.json"), R"({"chat_template": 42})");
        QCOMPARE(expect_error([&] { Checkpoint::open(tmp.path()); },
                              {"tokenizer_config.json", "chat_template"}),
                 QString());
    }

    void finetune_fixture_data() {
        QTest::addColumn<bool>("grow_vocab");
        QTest::addColumn<int>("shards");
        QTest::addColumn<bool>("tie");
        QTest::newRow("same vocab") << false << 1 << false;
        QTest::newRow("grown vocab sharded") << true << 2 << false;
        QTest::newRow("grown vocab tied") << true << 1 << true;
    }
    void finetune_fixture() {
        QFETCH(bool, grow_vocab);
        QFETCH(int, shards);
        QFETCH(bool, tie);
        TempDir tmp("ckpt");
        TinySpec spec;
        spec.shards = shards;
        spec.tie = tie;
        spec.chat_template = "{{ x }}";
        const std::string base = tmp.file("base"), ft = tmp.file("ft");
        test::write_tiny_checkpoint(base, spec);
        test::write_tiny_finetune(base, ft, 0.01, 42, grow_vocab);
        const Checkpoint b = Checkpoint::open(base);
        const Checkpoint f = Checkpoint::open(ft);
        QCOMPARE(f.config().vocab_size,
                 b.config().vocab_size + (grow_vocab ? test::kGrownRows : 0));
        QCOMPARE(int(f.weights().files().size()), shards);
        QVERIFY(f.chat_template().has_value());
        QCOMPARE(f.weights().names().size(), b.weights().names().size());
        const std::string name = "model.layers.1.self_attn.v_proj.weight";
        const at::Tensor delta = f.weights().tensor(name) - b.weights().tensor(name);
        const double std = delta.std().item<double>();
        QVERIFY2(std > 0.008 && std < 0.012, QByteArray::number(std));
        const at::Tensor emb_b = b.weights().tensor("model.embed_tokens.weight");
        const at::Tensor emb_f = f.weights().tensor("model.embed_tokens.weight");
        QCOMPARE(emb_f.size(0), emb_b.size(0) + (grow_vocab ? test::kGrownRows : 0));
        QVERIFY(!at::equal(emb_f.narrow(0, 0, emb_b.size(0)), emb_b));
        // Same seed, same bytes.
        test::write_tiny_finetune(base, tmp.file("ft2"), 0.01, 42, grow_vocab);
        QVERIFY(at::equal(Checkpoint::open(tmp.file("ft2")).weights().tensor(name),
                          f.weights().tensor(name)));
    }

    void open_hf_written_checkpoints_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("arch");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("shards");
        QTest::newRow("llama") << "llama"
                               << "LlamaForCausalLM"
                               << "bpe-bytelevel" << 1;
        QTest::newRow("llama-sharded") << "llama-sharded"
                                       << "LlamaForCausalLM"
                                       << "bpe-bytelevel" << 6;
        QTest::newRow("mistral") << "mistral"
                                 << "MistralForCausalLM"
                                 << "bpe-metaspace" << 1;
        QTest::newRow("qwen2") << "qwen2"
                               << "Qwen2ForCausalLM"
                               << "bpe-bytelevel" << 1;
    }
    void open_hf_written_checkpoints() {
        QFETCH(QString, name);
        QFETCH(QString, arch);
        QFETCH(QString, kind);
        QFETCH(int, shards);
        const std::string dir = test::test_data_dir() + "/checkpoints/" + name.toStdString();
        QVERIFY2(fs::exists(dir + "/config.json"), ("fixture missing: " + dir).c_str());
        const Checkpoint ck = Checkpoint::open(dir);
        const CheckpointSummary s = ck.summary();
        QCOMPARE(QString::fromStdString(s.architecture), arch);
        QCOMPARE(QString::fromStdString(s.tokenizer_kind), kind);
        QCOMPARE(s.shards, shards);
        QCOMPARE(s.parameters, ck.config().parameter_count());
        QCOMPARE(s.dtype, std::string("float32"));
    }
};

QTEST_GUILESS_MAIN(TestIoCheckpoint)
#include "test_io_checkpoint.moc"
