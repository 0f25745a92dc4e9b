<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>GuideDialog</name>
    <message>
        <source>The canvas</source>
        <translation>画布</translation>
    </message>
    <message>
        <source>Draw one digit, 0 to 9, with the mouse or a tablet pen. Every stroke is read at once. Undo takes back the last stroke; Clear starts again. The pen slider sets the line width in pixels of the 280 × 280 drawing.</source>
        <translation>用鼠标或数位笔写一个 0 到 9 的数字。每写一笔，模型都会立即识别。“撤销”去掉最后一笔，“清除”重新开始。画笔滑块设定线条粗细，单位是 280 × 280 画面中的像素。</translation>
    </message>
    <message>
        <source>The prediction</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>The digit the model reads and how sure it is, with a bar for each of the ten digits (the bars add up to 100%). Pick another model above it; “Compare all models” lists what each one reads.</source>
        <translation>模型认出的数字以及它有多大把握，十个数字各有一根条形（所有条形加起来是 100%）。可在上方选择其他模型；“比较所有模型”会列出每个模型的识别结果。</translation>
    </message>
    <message>
        <source>What the model sees</source>
        <translation>模型看到的图像</translation>
    </message>
    <message>
        <source>Your drawing shrunk to the 28 × 28 grey picture the model was trained on, centred the way MNIST digits are. “Show where the model looks” colours the pixels that changed the answer most.</source>
        <translation>你的手写数字被缩小成模型训练时所用的 28 × 28 灰度图像，并像 MNIST 数字那样居中。“显示模型关注的位置”会给对答案影响最大的像素着色。</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Train a model of your own on MNIST, 60,000 handwritten digits, and watch the loss fall and the accuracy rise epoch by epoch. Where MNIST is kept is set in Edit › Preferences.</source>
        <translation>用 MNIST（60,000 个手写数字）训练你自己的模型，逐轮观察损失下降、准确率上升。MNIST 的存放位置在“编辑 › 首选项”中设置。</translation>
    </message>
    <message>
        <source>Inside the model</source>
        <translation>模型内部</translation>
    </message>
    <message>
        <source>What happens between the picture and the answer: the filters a convolutional network learned and the feature maps they make of your drawing, or the state of a recurrent network as it reads the rows, and the test digits the model gets wrong.</source>
        <translation>从图像到答案之间发生了什么：卷积神经网络学到的卷积核及其对你的手写数字生成的特征图，或循环神经网络逐行读取时的状态，以及模型识别错误的测试数字。</translation>
    </message>
    <message>
        <source>My digits</source>
        <translation>我的数字</translation>
    </message>
    <message>
        <source>Save your own drawings with the digit they show, check how well a model reads them, and fine-tune a model so it learns your handwriting.</source>
        <translation>保存你自己写的数字并标注它们是几，检验模型识别它们的效果，并对模型进行微调，让它学会你的笔迹。</translation>
    </message>
    <message>
        <source>undo a stroke</source>
        <translation>撤销一笔</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Z or Ctrl+Y</source>
        <translation>Ctrl+Shift+Z 或 Ctrl+Y</translation>
    </message>
    <message>
        <source>redo it</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Delete or Ctrl+Backspace</source>
        <translation>Delete 或 Ctrl+Backspace</translation>
    </message>
    <message>
        <source>clear the canvas</source>
        <translation>清除画布</translation>
    </message>
    <message>
        <source>[ and ]</source>
        <translation>[ 和 ]</translation>
    </message>
    <message>
        <source>thinner and wider pen</source>
        <translation>画笔变细、变粗</translation>
    </message>
    <message>
        <source>compare all models</source>
        <translation>比较所有模型</translation>
    </message>
    <message>
        <source>show or hide Training, Inside the model, My digits</source>
        <translation>显示或隐藏“训练”“模型内部”“我的数字”</translation>
    </message>
    <message>
        <source>open or save a model</source>
        <translation>打开或保存模型</translation>
    </message>
    <message>
        <source>open a picture, export the drawing</source>
        <translation>打开图片、导出画面</translation>
    </message>
    <message>
        <source>this guide</source>
        <translation>本指南</translation>
    </message>
    <message>
        <source>digitpad shows how a neural network reads handwriting. Draw a digit and watch each part of the window.</source>
        <translation>digitpad 展示神经网络如何识别手写数字。写一个数字，然后观察窗口的各个部分。</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>View › Reset layout puts the panels back where they started.</source>
        <translation>“视图 › 重置布局”可将各面板恢复到初始位置。</translation>
    </message>
    <message>
        <source>digitpad guide</source>
        <translation>digitpad 指南</translation>
    </message>
</context>
<context>
    <name>MainMenus</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open model…</source>
        <translation>打开模型(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a digitpad checkpoint (.pt)</source>
        <translation>打开 digitpad 检查点文件（.pt）</translation>
    </message>
    <message>
        <source>&amp;Save model…</source>
        <translation>保存模型(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the selected model to a file</source>
        <translation>将选中的模型保存到文件</translation>
    </message>
    <message>
        <source>&amp;Remove model…</source>
        <translation>移除模型(&amp;R)…</translation>
    </message>
    <message>
        <source>Open &amp;image…</source>
        <translation>打开图片(&amp;I)…</translation>
    </message>
    <message>
        <source>Predict a picture of a digit from disk</source>
        <translation>识别磁盘上的一张数字图片</translation>
    </message>
    <message>
        <source>&amp;Export drawing as PNG…</source>
        <translation>将画面导出为 PNG(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the drawing as a 280 × 280 PNG</source>
        <translation>将画面保存为 280 × 280 的 PNG 图片</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close digitpad</source>
        <translation>关闭 digitpad</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>The MNIST data folder and the theme</source>
        <translation>MNIST 数据文件夹和主题</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Training panel</source>
        <translation>训练面板(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Inside the model</source>
        <translation>模型内部(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;My digits</source>
        <translation>我的数字(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>Put the docks back beside the canvas, tabbed, and the window at its default size</source>
        <translation>将停靠面板以标签页形式放回画布旁，并将窗口恢复为默认大小</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>主题(&amp;H)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Guide</source>
        <translation>指南(&amp;G)</translation>
    </message>
    <message>
        <source>What each part of the window shows, and the keyboard shortcuts</source>
        <translation>窗口各部分显示的内容，以及键盘快捷键</translation>
    </message>
    <message>
        <source>&amp;About digitpad</source>
        <translation>关于 digitpad(&amp;A)</translation>
    </message>
    <message>
        <source>Versions and credits</source>
        <translation>版本与致谢</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>The folder holding MNIST/raw; empty: the default folder</source>
        <translation>包含 MNIST/raw 的文件夹；留空则使用默认文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Download MNIST (about 12 MB) when the folder lacks it</source>
        <translation>文件夹中没有 MNIST 时自动下载（约 12 MB）</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>MNIST data folder</source>
        <translation>MNIST 数据文件夹</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Changes apply at once. The training, test-set and fine-tune views read the same folder.</source>
        <translation>更改立即生效。训练、测试集和微调视图都读取同一个文件夹。</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>No model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>test accuracy {accuracy}</source>
        <translation>测试准确率 {accuracy}</translation>
    </message>
    <message>
        <source>test accuracy unknown</source>
        <translation>测试准确率未知</translation>
    </message>
    <message>
        <source>Model: {arch} — {name} · {accuracy}</source>
        <translation>模型：{arch} — {name} · {accuracy}</translation>
    </message>
    <message>
        <source>PyTorch could not be loaded: {error}</source>
        <translation>无法加载 PyTorch：{error}</translation>
    </message>
    <message>
        <source>PyTorch unavailable</source>
        <translation>PyTorch 不可用</translation>
    </message>
    <message>
        <source>Loading PyTorch…</source>
        <translation>正在加载 PyTorch…</translation>
    </message>
    <message>
        <source>Predicting on CPU</source>
        <translation>在 CPU 上预测</translation>
    </message>
    <message>
        <source>Live predictions run on the CPU (one small image at a time).
Devices available for training: {devices}</source>
        <translation>实时预测在 CPU 上运行（每次一张小图）。
可用于训练的设备：{devices}</translation>
    </message>
</context>
</TS>
